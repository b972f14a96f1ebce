from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Sequence(models.Model):
    """One counter per (scope, tenant); the tenant is any model instance, or none for global."""

    scope = models.CharField(max_length=50)
    org_content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    org_id = models.CharField(max_length=255, blank=True, default="")
    prefix = models.CharField(max_length=20, blank=True)
    current_value = models.PositiveBigIntegerField(default=0)
    pad_width = models.PositiveSmallIntegerField(default=6)
    include_year = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        unique_together = [("scope", "org_content_type", "org_id")]

    def __str__(self) -> str:
        org_display = f"org:{self.org_id}" if self.org_id else "global"
        return f"{self.scope} ({org_display}): {self.current_value}"

    @property
    def formatted_value(self) -> str:
        number = str(self.current_value).zfill(self.pad_width)
        if self.include_year:
            return f"{self.prefix}{timezone.localdate().year}-{number}"
        return f"{self.prefix}{number}"

    @property
    def org(self):
        if self.org_content_type and self.org_id:
            return self.org_content_type.get_object_for_this_type(pk=self.org_id)
        return None

    @org.setter
    def org(self, value) -> None:
        if value is None:
            self.org_content_type = None
            self.org_id = ""
        else:
            self.org_content_type = ContentType.objects.get_for_model(value)
            self.org_id = str(value.pk)
