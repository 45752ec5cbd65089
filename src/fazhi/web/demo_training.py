"""峰灵镇's training year before this one, as the seed report tells it (issue 19), built through
the training services: 集中学习6次、覆盖镇村干部300余人次; 4 officers passed the county's
qualification exam; 7 officers (4 active, 3 pre-service); 20 online + 40 offline class hours;
11 training sessions covering 64 person-times; 4 law exams, participation and excellence 100 %."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils import timezone
from openpyxl import Workbook

from fazhi.accounts.models import Region
from fazhi.accounts.scopes import SystemUser
from fazhi.registry.models import EnforcementBody, Officer
from fazhi.training import services
from fazhi.training.models import QualificationResult, Session, Trainee

ACTOR = SystemUser("system:demo")

STUDY_TOPICS = [
    "学习贯彻习近平法治思想",
    "学习《中华人民共和国宪法》",
    "学习《中华人民共和国行政处罚法》",
    "学习《优化营商环境条例》",
    "学习《信访工作条例》",
    "学习《中华人民共和国民法典》",
]
STUDY_PEOPLE = [52, 51, 50, 52, 50, 51]  # 306 person-times: 300余人次
TRAINING = [  # (topic, laws, class hours, how many of the 7 officers attended): 11 sessions, 40 h, 64 人次
    ("行政执法三项制度", "《重庆市行政执法公示办法》", 4, 7),
    ("行政处罚法实务", "《中华人民共和国行政处罚法》", 4, 7),
    ("行政检查规范", "《重庆市规范涉企行政检查办法》", 4, 7),
    ("安全生产执法", "《中华人民共和国安全生产法》", 4, 7),
    ("自然资源执法", "《中华人民共和国土地管理法》", 4, 7),
    ("生态环境执法", "《中华人民共和国环境保护法》", 4, 7),
    ("执法文书制作", "《重庆市行政处罚文书格式》", 4, 7),
    ("执法音像记录", "《重庆市行政执法全过程记录办法》", 4, 7),
    ("行政强制", "《中华人民共和国行政强制法》", 3, 3),
    ("行政复议与诉讼", "《中华人民共和国行政复议法》", 3, 3),
    ("包容审慎监管", "《重庆市轻微违法行为免罚清单》", 2, 2),
]
ONLINE_COURSES = [("习近平法治思想概论", 6), ("宪法学习", 4), ("民法典解读", 6), ("行政法基础", 4)]  # 20 h
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def _day(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


def load(town: Region, body: EnforcementBody, county: Region, res: Any) -> None:
    """Idempotent: nothing is added when 峰灵镇 already has last year's sessions."""
    year = timezone.localdate().year - 1
    if Session.objects.filter(region=town, day__year=year).exists():
        return
    officers = list(Officer.objects.filter(body=body).order_by("certificate_no"))
    people = [services.trainee_for_officer(actor=ACTOR, officer=o) for o in officers]
    villages = list(Region.objects.filter(parent=town, level="village").order_by("code")) or [town]
    cadres: list[Trainee] = []
    for i in range(max(STUDY_PEOPLE)):
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)] + GIVEN[(i * 3 + 1) % len(GIVEN)]
        cadres.append(
            services.trainee_create(
                actor=ACTOR,
                name=name,
                region=town if i < 20 else villages[i % len(villages)],
                category=Trainee.Category.OFFICIAL if i < 20 else Trainee.Category.VILLAGE_CADRE,
                position="镇机关干部" if i < 20 else "村（社区）干部",
            )
        )
    for n, (topic, count) in enumerate(zip(STUDY_TOPICS, STUDY_PEOPLE, strict=True)):
        s = services.session_create(
            actor=ACTOR,
            region=town,
            kind=Session.Kind.STUDY_GROUP,
            topic=topic,
            day=_day(year, 2 * n + 1, 15),
            hours="2",
            place="峰灵镇政府三楼会议室",
            trainer="镇党委书记",
        )
        services.attendance_add(actor=ACTOR, session=s, trainees=cadres[:count])
    for n, (topic, laws, hours, count) in enumerate(TRAINING):
        s = services.session_create(
            actor=ACTOR,
            region=town,
            topic=topic,
            laws=laws,
            day=_day(year, n + 1, 20),
            hours=str(hours),
            place="峰灵镇综合执法办会议室",
            trainer="巫溪县司法局",
        )
        services.attendance_add(actor=ACTOR, session=s, trainees=people[:count])
    for n, (course, hours) in enumerate(ONLINE_COURSES):
        services.session_create(
            actor=ACTOR,
            region=town,
            mode=Session.Mode.ONLINE,
            topic=course,
            day=_day(year, 3 * n + 2, 1),
            hours=str(hours),
            trainer="重庆市法治教育网",
        )
    _online_hours(officers, year)
    _law_exams(town, cadres[:20], year)
    services.law_report_create(
        actor=ACTOR,
        trainee=cadres[0],
        year=year,
        day=_day(year, 12, 20),
        title="峰灵镇党政主要负责人年度述职述廉述法报告",
        summary="带头学法、模范守法，推进严格规范公正文明执法，落实重大行政决策合法性审查。",
        documents=[("述法报告.txt", "峰灵镇党政主要负责人述法报告（演示）".encode())],
    )


def _online_hours(officers: list[Officer], year: int) -> None:
    """Every officer completed the platform's 20 class hours: its export, imported as a user would."""
    wb = Workbook()
    ws = wb.active
    if ws is None:  # an invariant, kept under python -O
        raise RuntimeError("no sheet")
    ws.append(["姓名", "身份证号", "执法证号", "课程名称", "学时", "完成日期"])
    for o in officers:
        for n, (course, hours) in enumerate(ONLINE_COURSES):
            ws.append([o.name, "", o.certificate_no, course, hours, _day(year, 3 * n + 3, 10)])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    services.online_hours_import(actor=ACTOR, fh=buf, year=year, platform="重庆市法治教育网")


def qualify(officers: list[Officer], county: Region) -> None:
    """The officers on duty took the county's qualification training last year and all passed: their
    certificates make them active (the register follows the record; nobody types a status). In
    峰灵镇 these are the seed's four (4 在岗 + 3 岗前)."""
    year = timezone.localdate().year - 1
    done = set(QualificationResult.objects.filter(officer__in=officers).values_list("officer_id", flat=True))
    waiting = [o for o in officers if o.pk not in done]
    if not waiting:
        return
    exam = services.qualification_exam_create(
        actor=ACTOR, region=county, title="巫溪县行政执法人员资格培训考试", day=_day(year, 4, 18), training_hours="16"
    )
    for n, officer in enumerate(waiting):
        result = services.qualification_result_record(
            actor=ACTOR,
            exam=exam,
            officer=officer,
            general_score=str(82 + n % 4),
            special_score=str(78 + 2 * (n % 4)),
        )
        services.certificate_issue(actor=ACTOR, result=result, issued_on=_day(year, 5, 10))


def _law_exams(town: Region, officials: list[Trainee], year: int) -> None:
    for n, month in enumerate((3, 6, 9, 11)):
        exam = services.law_exam_create(
            actor=ACTOR, region=town, title=f"公职人员学法考试（第{n + 1}次）", day=_day(year, month, 25)
        )
        services.law_exam_candidates_add(actor=ACTOR, exam=exam, trainees=officials)
        services.law_exam_scores_record(
            actor=ACTOR, exam=exam, scores={t.pk: str(90 + (i + n) % 10) for i, t in enumerate(officials)}
        )
