from django.urls import path

from fazhi.training.views import exams, people, qualification, sessions

app_name = "training"
urlpatterns = [
    path("", sessions.HomeView.as_view(), name="home"),
    path("sessions/new/", sessions.SessionCreateView.as_view(), name="session_create"),
    path("sessions/<int:pk>/", sessions.SessionDetailView.as_view(), name="session"),
    path("people/", people.PeopleView.as_view(), name="people"),
    path("people/<int:pk>/", people.PersonView.as_view(), name="person"),
    path("reminders/", people.RemindersView.as_view(), name="reminders"),
    path("import/", people.ImportView.as_view(), name="import"),
    path("workbook/", people.WorkbookView.as_view(), name="workbook"),
    path("exams/", exams.LawExamListView.as_view(), name="exams"),
    path("exams/<int:pk>/", exams.LawExamView.as_view(), name="exam"),
    path("qualification/", qualification.QualificationView.as_view(), name="qualification"),
    path("qualification/<int:pk>/", qualification.QualificationExamView.as_view(), name="qualification_exam"),
    path("certificates/<int:pk>/", qualification.CertificateView.as_view(), name="certificate"),
]
