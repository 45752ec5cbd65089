"""Training pages: parse parameters, call a selector or a service, render. Nothing else."""
