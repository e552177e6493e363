"""Uploaded files go through Django's storage API: the file system by default, an
S3-compatible store when STORAGE_BUCKET is set (django-storages), private."""

import os
import subprocess
import sys

from django.conf import settings

READ = (
    "import django; django.setup()\n"
    "from django.core.files.storage import storages\n"
    "s = storages['default']\n"
    "print(type(s).__name__, getattr(s, 'bucket_name', ''), getattr(s, 'endpoint_url', ''),"
    " getattr(s, 'default_acl', ''), getattr(s, 'file_overwrite', ''))\n"
)


def storage_with(**env) -> str:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coalition.settings.local",
        "STORAGE_BUCKET": "",
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", READ],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.strip()


def test_the_file_system_by_default_and_an_s3_store_by_setting():
    assert storage_with().startswith("FileSystemStorage")
    s3 = storage_with(
        STORAGE_BUCKET="portal-files",
        STORAGE_ENDPOINT_URL="https://s3.example.org",
        STORAGE_ACCESS_KEY_ID="key",
        STORAGE_SECRET_ACCESS_KEY="secret",
    )
    assert s3 == "S3Storage portal-files https://s3.example.org private False"
