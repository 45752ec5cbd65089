from django.urls import path

from fazhi.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("2fa/", views.TwoFactorView.as_view(), name="twofactor"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
]
