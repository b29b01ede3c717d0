"""Production settings (DEBUG off, from the environment) for the app under gunicorn in the
load and fault tests, with two test-only changes:

- static files use Django's ManifestStaticFilesStorage instead of WhiteNoise's compressed
  one: the same manifest lookups on every page, but `collectstatic` takes seconds instead
  of the minute that compressing the vendored charts library costs;
- passwords are hashed with MD5: 200 logins at production PBKDF2 strength would be a CPU
  benchmark of the hasher, not of the app."""

from genderplan.settings import *  # noqa: F403
from genderplan.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
