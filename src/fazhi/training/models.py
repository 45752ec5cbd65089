"""Training records: people who train, sessions and their attendance, online hours from the
province platform, the county's qualification exam and certificates, officials' law exams, 述法.

Hours are 课时 (class hours) as the programme states them. Nothing here measures time online,
ranks people or gives points (domain-rules §12)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import OrgUnit, Region
from fazhi.core.fields import EncryptedTextField
from fazhi.core.masking import mask_id_number
from fazhi.core.models import TimeStampedModel, VersionedModel
from fazhi.registry.models import Officer


class Trainee(VersionedModel):
    """A person who trains or sits an exam: an enforcement officer (linked to the register) or
    another member of staff (镇村干部, 公职人员). The ID number is encrypted; ``id_index`` is its
    blind index, used to match the province platform's export."""

    class Category(models.TextChoices):
        OFFICER = "officer", _("Enforcement officer")
        OFFICIAL = "official", _("Public official")
        VILLAGE_CADRE = "village_cadre", _("Village cadre")
        OTHER = "other", _("Other staff")

    name = models.CharField(_("name"), max_length=50)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices, default=Category.OFFICIAL)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    position = models.CharField(_("position"), max_length=100, blank=True)
    officer = models.OneToOneField(
        Officer,
        verbose_name=_("officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainee",
    )
    id_number = EncryptedTextField(_("identity number"), blank=True)
    id_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")

    def __str__(self) -> str:
        return self.name

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)


class Session(VersionedModel):
    """One training session or course (培训场次/课程), or a central study group meeting
    (理论学习中心组学习). An online course is the programme offered on the platform."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        STUDY_GROUP = "study_group", _("Central study group")

    class Mode(models.TextChoices):
        OFFLINE = "offline", _("Offline")
        ONLINE = "online", _("Online")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.TRAINING)
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.OFFLINE)
    topic = models.CharField(_("topic"), max_length=100)
    laws = models.CharField(_("laws covered"), max_length=300, blank=True)
    trainer = models.CharField(_("trainer"), max_length=100, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    day = models.DateField(_("date"))
    hours = models.DecimalField(_("class hours"), max_digits=4, decimal_places=1)
    region = models.ForeignKey(Region, verbose_name=_("organised for"), on_delete=models.PROTECT, related_name="+")
    organiser = models.ForeignKey(
        OrgUnit, verbose_name=_("organiser"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-day", "-id"]
        indexes = [models.Index(fields=["region", "day"])]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self) -> str:
        return f"{self.day} {self.topic}"


class Attendance(TimeStampedModel):
    """One person at one session (a person-time, 人次)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    trainee = models.ForeignKey(Trainee, on_delete=models.PROTECT, related_name="attendance")

    class Meta:
        ordering = ["session", "trainee__name"]
        constraints = [models.UniqueConstraint(fields=["session", "trainee"], name="training_attendance_once")]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.trainee} @ {self.session}"


class OnlineHours(TimeStampedModel):
    """Hours a person completed on the province's online platform, as its export states them.
    One row per person, year and course: importing the same export again changes nothing."""

    trainee = models.ForeignKey(Trainee, on_delete=models.PROTECT, related_name="online_hours")
    year = models.PositiveIntegerField(_("year"))
    course = models.CharField(_("course"), max_length=200)
    hours = models.DecimalField(_("class hours"), max_digits=4, decimal_places=1)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    platform = models.CharField(_("platform"), max_length=100, blank=True)
    source = models.CharField(max_length=64, blank=True, editable=False)  # the import file's SHA-256

    class Meta:
        ordering = ["year", "course"]
        constraints = [models.UniqueConstraint(fields=["trainee", "year", "course"], name="training_online_hours_once")]
        verbose_name = _("online hours")
        verbose_name_plural = _("online hours")

    def __str__(self) -> str:
        return f"{self.trainee} {self.year} {self.course}"


class QualificationExam(VersionedModel):
    """The county's qualification training and exam for enforcement officers (资格培训考试):
    a general part (公共法律知识) and a specialised part (专业法律知识)."""

    title = models.CharField(_("title"), max_length=100)
    day = models.DateField(_("exam date"))
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    training_hours = models.DecimalField(_("training class hours"), max_digits=4, decimal_places=1, default=0)
    max_score = models.PositiveIntegerField(_("maximum score"), default=100)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("qualification exam")
        verbose_name_plural = _("qualification exams")

    def __str__(self) -> str:
        return f"{self.day} {self.title}"


class QualificationResult(TimeStampedModel):
    exam = models.ForeignKey(QualificationExam, on_delete=models.CASCADE, related_name="results")
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="qualification_results")
    general_score = models.DecimalField(_("general part"), max_digits=5, decimal_places=1)
    special_score = models.DecimalField(_("specialised part"), max_digits=5, decimal_places=1)
    passed = models.BooleanField(_("passed"), default=False)

    class Meta:
        ordering = ["exam", "officer__name"]
        constraints = [models.UniqueConstraint(fields=["exam", "officer"], name="training_qualification_once")]
        verbose_name = _("qualification result")
        verbose_name_plural = _("qualification results")

    def __str__(self) -> str:
        return f"{self.officer} {self.exam}"


class Certificate(TimeStampedModel):
    """An enforcement certificate as issued, renewed or revoked. The officer's register entry
    (status, valid-until) follows the latest certificate; ``Officer.may_inspect_on`` stays the one
    rule for who may inspect."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")
        SUPERSEDED = "superseded", _("Renewed")

    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="certificates")
    result = models.ForeignKey(
        QualificationResult, null=True, blank=True, on_delete=models.PROTECT, related_name="certificates"
    )
    number = models.CharField(_("certificate number"), max_length=40)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.VALID)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.number


class LawExam(VersionedModel):
    """A sitting of the officials' law exam (公职人员学法考试)."""

    title = models.CharField(_("title"), max_length=100)
    day = models.DateField(_("exam date"))
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    max_score = models.PositiveIntegerField(_("maximum score"), default=100)

    class Meta:
        ordering = ["-day", "-id"]
        indexes = [models.Index(fields=["region", "day"])]
        verbose_name = _("law exam")
        verbose_name_plural = _("law exams")

    def __str__(self) -> str:
        return f"{self.day} {self.title}"


class LawExamCandidate(TimeStampedModel):
    """Someone who must sit the exam; ``score`` None: did not sit (yet)."""

    exam = models.ForeignKey(LawExam, on_delete=models.CASCADE, related_name="candidates")
    trainee = models.ForeignKey(Trainee, on_delete=models.PROTECT, related_name="law_exams")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        ordering = ["exam", "trainee__name"]
        constraints = [models.UniqueConstraint(fields=["exam", "trainee"], name="training_candidate_once")]
        verbose_name = _("law exam candidate")
        verbose_name_plural = _("law exam candidates")

    def __str__(self) -> str:
        return f"{self.trainee} {self.exam}"


class LawReport(VersionedModel):
    """述法: a leader's yearly report on how they studied and applied the law, with documents."""

    trainee = models.ForeignKey(Trainee, verbose_name=_("reporting leader"), on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("year"))
    day = models.DateField(_("reported on"))
    title = models.CharField(_("title"), max_length=100)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("law report")
        verbose_name_plural = _("law reports")

    def __str__(self) -> str:
        return self.title


class LawReportDocument(TimeStampedModel):
    report = models.ForeignKey(LawReport, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="training/law_reports/%Y/")
    original_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]
        verbose_name = _("law report document")
        verbose_name_plural = _("law report documents")

    def __str__(self) -> str:
        return self.original_name
