"""The county year of ``bench/report_county.py``: disputes, people's files and the publicity
registers beside the activities."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from county_year import DISPUTES, PEOPLE, County, _bulk
from people import person_file


def fill_disputes(c: County) -> None:
    """As ``bench/disputes.py`` fills them, over this year and the county's 20 townships."""
    from fazhi.core.validators import resident_id_check_character
    from fazhi.disputes.models import Agreement, Dispute, DisputeCategory, DisputeParty, FollowUp, MediatorTraining
    from fazhi.disputes.services.intake import id_index, phone_index

    rng = c.rng
    categories = list(DisputeCategory.objects.all())
    statuses = ["closed", "closed", "closed", "agreed", "referred", "terminated", "mediating", "registered"]
    rows = []
    for n in range(DISPUTES):
        town = c.towns[n % len(c.towns)]
        village = rng.choice(c.villages_of[town.pk])
        received = c.day()
        status = statuses[n % len(statuses)]
        police, petition = n % 7 == 0, n % 11 == 0
        rows.append(
            Dispute(
                number=f"JF{town.code}-{received.year}-{n:06d}",
                township=town,
                village=village,
                area_path=village.path,
                source="screening",
                category=categories[n % len(categories)],
                police_related=police,
                police_flag_at_intake=police and n % 3 != 0,
                petition_related=petition,
                petition_flag_at_intake=petition and n % 2 == 0,
                flags_reviewed_on=received + dt.timedelta(days=3) if n % 2 == 0 else None,
                description="基准纠纷",
                received_on=received,
                accepted_on=received,
                status=status,
                outcome="resolved"
                if status in {"closed", "agreed"}
                else ("not_resolved" if status in {"referred", "terminated"} else ""),
                closed_on=received + dt.timedelta(days=20) if status in {"closed", "referred", "terminated"} else None,
                deadline=received + dt.timedelta(days=30) if status == "mediating" else None,
                mass_incident_on=received + dt.timedelta(days=1) if n % 5000 == 0 else None,
            )
        )
    made = _bulk(Dispute, rows)

    def person_id(n: int) -> str:
        first17 = f"500238{1950 + n % 50}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
        return first17 + resident_id_check_character(first17)

    parties, agreements = [], []
    for d in made:
        number, phone = person_id(d.pk % 200_000), f"13{d.pk % 1_000_000_000:09d}"
        parties.append(
            DisputeParty(
                dispute_id=d.pk,
                side="applicant",
                name=f"当事人{d.pk}",
                id_number=number,
                id_index=id_index(number),
                phone=phone,
                phone_index=phone_index(phone),
            )
        )
        if d.status in {"closed", "agreed"}:
            made_on = d.received_on + dt.timedelta(days=10)
            agreements.append(
                Agreement(
                    dispute_id=d.pk,
                    form="written",
                    made_on=made_on,
                    terms="基准协议",
                    perform_by=made_on + dt.timedelta(days=30),
                    performance=["performed", "performed", "pending", "not_performed"][d.pk % 4],
                )
            )
    _bulk(DisputeParty, parties)
    made_agreements = _bulk(Agreement, agreements)
    follow = []
    for a in made_agreements:
        due = a.made_on + dt.timedelta(days=30)
        visited = due - dt.timedelta(days=1) if a.pk % 5 else due + dt.timedelta(days=3)
        follow.append(
            FollowUp(
                agreement_id=a.pk,
                dispute_id=a.dispute_id,
                due_on=due,
                visited_on=visited if visited <= c.today else None,
                performed=a.performance == "performed" if visited <= c.today else None,
            )
        )
    _bulk(FollowUp, follow)
    _bulk(
        MediatorTraining,
        [
            MediatorTraining(region=t, held_on=c.day(), title="调解员培训", hours=Decimal(4))
            for t in c.towns
            for _ in range(3)
        ],
    )


def fill_people(c: County) -> None:
    """As ``bench/people.py`` fills the files (the same sealed identities), over the 20 townships."""
    from fazhi.people.models import Incident, MentalScreening, PersonCategory, PersonFile, RiskMeeting, Visit

    rng = c.rng
    categories = list(PersonCategory.objects.all())
    rows = []
    for n in range(PEOPLE):
        town = c.towns[n % len(c.towns)]
        village = rng.choice(c.villages_of[town.pk])
        rows.append(person_file(n, town, village, categories[n % len(categories)], c.today))
    files = _bulk(PersonFile, rows)
    visits = []
    for f in files:
        for k in range(3):
            due = c.day()
            visits.append(
                Visit(
                    file_id=f.pk,
                    visited_on=min(c.today, due + dt.timedelta(days=-1 if (f.pk + k) % 6 else 4)),
                    due_on=due,
                    place="家中",
                    findings="情况稳定",
                )
            )
    _bulk(Visit, visits, 10000)
    for t in c.towns:
        MentalScreening.objects.create(
            township=t, title="精神障碍排查", ends_on=c.day(), screened=800, suspected=6, confirmed=2
        )
    _bulk(RiskMeeting, [RiskMeeting(township=t, held_on=c.day(), title="风险研判") for t in c.towns for _ in range(12)])
    _bulk(
        Incident,
        [Incident(township=f.township, file_id=f.pk, occurred_on=c.day(), description="肇事") for f in files[::400]],
    )


def fill_publicity(c: County) -> None:
    """The rest of the publicity register (the activities come from ``bench/publicity.py``)."""
    from fazhi.publicity.models import (
        Adviser,
        AdviserService,
        Channel,
        ChannelMessage,
        CultureSite,
        Liaison,
        ModelVillage,
        Studio,
    )

    start = dt.date(c.year - 3, 1, 1)
    liaisons = _bulk(
        Liaison,
        [
            Liaison(name=f"明白人{v.pk}-{k}", village=v, phone_index="", phone_tail=f"{k:04d}", appointed_on=start)
            for v in c.villages
            for k in range(2)
        ],
    )
    _bulk(
        Studio,
        [Studio(name=f"工作室{lia.pk}", village=lia.village, liaison=lia, opened_on=start) for lia in liaisons[::8]],
    )
    channels = _bulk(
        Channel, [Channel(village=v, kind="broadcast", name=f"{v.name}大喇叭", reach=1500) for v in c.villages]
    )
    _bulk(
        ChannelMessage,
        [ChannelMessage(channel=ch, day=c.day(), title="普法广播") for ch in channels for _ in range(12)],
    )
    _bulk(ModelVillage, [ModelVillage(village=v, level="county", year=c.year) for v in c.villages[::20]])
    _bulk(
        CultureSite,
        [
            CultureSite(
                name=f"法治广场{v.pk}", village=v, built_on=start, content_updated_on=c.day() if v.pk % 4 else start
            )
            for v in c.villages
        ],
    )
    advisers = _bulk(Adviser, [Adviser(name=f"顾问{v.pk}", firm="律所", village=v) for v in c.villages])
    services = []
    for a in advisers:
        for k in range(8):
            mediation = k == 0
            services.append(
                AdviserService(
                    adviser=a,
                    day=c.day(),
                    kind="mediation" if mediation else "consultation",
                    people=1 if mediation else 3,
                    dispute_id=None,
                )
            )
    _bulk(AdviserService, services)
