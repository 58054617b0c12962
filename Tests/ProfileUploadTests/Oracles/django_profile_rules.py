"""What Django REST framework and Django's validators say of profile updates.

Reads a JSON list of objects with "email", "first_name", "last_name" and "phone_number" (any may
be missing) on stdin and writes, for each, the serializer's errors as {"field": ["message"]} (empty
when valid), as a JSON list on stdout. The fields are the profile API's, as a ModelSerializer over
Django's user model gives them: names up to 255 characters, a required email of up to 254 (the
model's EmailField), and the phone regex behind its "'999999999'" message. Needs Django 5.2 and
Django REST framework (.ci/install-deps puts them in .build-python).
"""

import json
import sys

import django
from django.conf import settings

settings.configure(USE_I18N=False)
django.setup()

from django.core.validators import RegexValidator  # noqa: E402
from rest_framework import serializers  # noqa: E402


class ProfileUpdate(serializers.Serializer):
    first_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254)
    phone_number = serializers.CharField(
        required=False,
        allow_blank=True,
        validators=[
            RegexValidator(
                r"^\+?1?\d{9,15}$",
                "Phone number must be entered in the format: '999999999'. Up to 15 digits allowed.",
            )
        ],
    )


verdicts = []
for case in json.load(sys.stdin):
    serializer = ProfileUpdate(data=case)
    serializer.is_valid()
    verdicts.append({field: [str(message) for message in messages] for field, messages in serializer.errors.items()})
json.dump({"django": django.get_version(), "verdicts": verdicts}, sys.stdout)
