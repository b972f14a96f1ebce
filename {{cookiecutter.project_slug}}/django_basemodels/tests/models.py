"""Models that exist only while the test suite runs.

They follow the package's recommended usage, so ``manage.py check`` has nothing to say about
them; the deliberately wrong models are built inside the tests, in isolated app registries.
"""

from django.db import models

from django_basemodels import BaseModel, SoftDeleteManager, SoftDeleteModel, TimeStampedModel, UUIDModel


class Customer(UUIDModel, BaseModel):
    """The seed's "standard model": UUID key, timestamps, soft delete, unique active e-mail."""

    name = models.CharField(max_length=100)
    email = models.EmailField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["email"],
                condition=models.Q(deleted_at__isnull=True),
                name="unique_active_customer_email",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Order(BaseModel):
    """Integer key; PROTECTs its customer, so only a hard delete of the customer is refused."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="orders")
    reference = models.CharField(max_length=20)

    def __str__(self) -> str:
        return self.reference


class OrderLine(BaseModel):
    """CASCADEs from its order: a hard delete of the order removes the lines, a soft one does not."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.product


class AuditLog(UUIDModel, TimeStampedModel):
    """The seed's "immutable record": UUID key and timestamps, no soft delete."""

    action = models.CharField(max_length=50)
    details = models.JSONField(default=dict)

    def __str__(self) -> str:
        return self.action


class Tag(SoftDeleteModel):
    """Soft delete alone: no timestamps to bump."""

    name = models.CharField(max_length=50)

    def __str__(self) -> str:
        return self.name


class PersonManager(SoftDeleteManager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class Person(BaseModel):
    """Known by a natural key, its name, as fixtures written with ``--natural-foreign`` name it."""

    name = models.CharField(max_length=50)

    objects = PersonManager()

    def natural_key(self):
        return (self.name,)

    def __str__(self) -> str:
        return self.name


class Group(BaseModel):
    """Members through a soft-delete model, as the project's rule (every model a BaseModel) has it."""

    name = models.CharField(max_length=50)
    members = models.ManyToManyField(Person, through="Membership", related_name="groups")

    def __str__(self) -> str:
        return self.name


class Membership(BaseModel):
    """A link row: removed for real when the link goes (``remove()``, ``clear()``, ``set()``, ``delete()``)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=models.Q(deleted_at__isnull=True),
                name="unique_active_membership",
            )
        ]


class Note(BaseModel):
    """Rows that belong to a user: its admin shows each staff user their own notes only.

    The owner is a username, not a key: this app has no migrations, so its tables are made before
    the user model's, and PostgreSQL would refuse a key to a table that does not exist yet.
    """

    owner = models.CharField(max_length=150)
    text = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.text
