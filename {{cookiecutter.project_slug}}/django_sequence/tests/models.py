"""Models that exist only while the test suite runs (app label ``sequence_tests``)."""

import uuid

from django.db import models

from django_sequence import next_sequence


class Organization(models.Model):
    """A tenant: any model can own sequences."""

    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name


class OrganizationProxy(Organization):
    """The same rows as Organization, another content type."""

    class Meta:
        proxy = True


class Branch(models.Model):
    """A tenant whose primary key is a UUID."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name


class Warehouse(models.Model):
    """A tenant keyed by a code (a CharField primary key, longer than a tenant key may be)."""

    code = models.CharField(primary_key=True, max_length=300)

    def __str__(self) -> str:
        return self.code


class Shelf(models.Model):
    """A model with a composite primary key."""

    pk = models.CompositePrimaryKey("warehouse", "position")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE)
    position = models.IntegerField()

    def __str__(self) -> str:
        return f"{self.warehouse_id}/{self.position}"


class Invoice(models.Model):
    """A document that numbers itself when first saved."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE)
    number = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        if not self.number:
            self.number = next_sequence("invoice", org=self.org, prefix="INV-")
        super().save(*args, **kwargs)


class Document(models.Model):
    """A bare record of an allocated number, for the concurrency tests (no unique constraint, so
    a duplicate would be stored and counted rather than rejected)."""

    scope = models.CharField(max_length=50)
    number = models.PositiveBigIntegerField()

    def __str__(self) -> str:
        return f"{self.scope} {self.number}"
