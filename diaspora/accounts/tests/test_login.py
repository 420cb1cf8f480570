def test_the_login_page_carries_the_deployments_name_not_the_host(client, db, settings):
    page = client.get("/en/accounts/login/", HTTP_HOST="127.0.0.1").content.decode()
    assert f"<title>Log in · {settings.DIASPORA_SITE_NAME}</title>" in page
    assert "127.0.0.1" not in page
