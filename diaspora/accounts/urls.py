from django.urls import path

from . import invitation_views, token_views, user_views

urlpatterns = [
    # The office's users, their roles and invitations (holders of users.manage).
    path("users/", user_views.users, name="users"),
    path("users/invite/", user_views.invite, name="invite"),
    path("users/<int:user_id>/", user_views.user, name="user"),
    path("users/roles/<int:role_id>/change/", user_views.change_role, name="change_role"),
    path("users/roles/<int:role_id>/revoke/", user_views.revoke_role, name="revoke_role"),
    path(
        "users/invitations/<int:invitation_id>/resend/",
        user_views.resend_invitation,
        name="resend_invitation",
    ),
    path(
        "users/invitations/<int:invitation_id>/revoke/",
        user_views.revoke_invitation,
        name="revoke_invitation",
    ),
    # An invitation's link: the token is the secret sent by email.
    path("invitation/<str:token>/", invitation_views.invitation, name="invitation"),
    # Every signed-in user's own API tokens.
    path("tokens/", token_views.token_list, name="tokens"),
    path("tokens/<int:token_id>/revoke/", token_views.revoke_token, name="revoke_token"),
]
