"""Officer training, law study and exams, qualification certificates (issue 19)."""
