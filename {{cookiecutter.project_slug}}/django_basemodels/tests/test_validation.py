"""Unique rules in model validation and model forms: a duplicate is a validation error, never an
IntegrityError from the database.

The rule: validation sees what the database sees. A value that a deleted row holds is taken for
``unique=True`` and ``unique_together`` (django-safedelete's ``test_validate_unique``), and a
constraint conditioned on ``deleted_at`` is checked even when a form leaves ``deleted_at`` out.
"""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.test.utils import isolate_apps

from django_basemodels import BaseModel
from django_basemodels.tests.models import Customer

CONSTRAINT_ERROR = "Constraint “unique_active_customer_email” is violated."


class CustomerForm(forms.ModelForm):
    """As the admin builds it: the editable fields, so not deleted_at."""

    class Meta:
        model = Customer
        fields = ["name", "email"]


def test_form_reports_an_active_duplicate(bob):
    form = CustomerForm({"name": "Bob 2", "email": bob.email})
    assert form.non_field_errors() == [CONSTRAINT_ERROR]


def test_form_of_an_existing_row_reports_an_active_duplicate(bob):
    other = Customer.objects.create(name="Other", email="other@example.com")
    form = CustomerForm({"name": "Other", "email": bob.email}, instance=other)
    assert form.non_field_errors() == [CONSTRAINT_ERROR]


def test_form_accepts_the_value_of_a_deleted_row(bob):
    bob.delete()
    form = CustomerForm({"name": "Bob 2", "email": bob.email})
    assert form.is_valid(), form.errors
    form.save()
    assert Customer.objects.get(email=bob.email).name == "Bob 2"


def test_form_of_a_deleted_row_accepts_a_value_an_active_row_holds(bob):
    """The constraint covers active rows only: editing a deleted row is not held to it."""
    old = Customer.objects.create(name="Old", email="old@example.com")
    old.delete()
    form = CustomerForm({"name": "Old", "email": bob.email}, instance=old)
    assert form.is_valid(), form.errors


def test_validate_restore_reports_a_value_taken_meanwhile(bob):
    bob.delete()
    Customer.objects.create(name="Bob again", email=bob.email)
    with pytest.raises(ValidationError) as raised:
        bob.validate_restore()
    assert raised.value.messages == [CONSTRAINT_ERROR]
    assert bob.is_deleted  # unchanged in memory


def test_validate_restore_passes_when_the_value_is_free(bob):
    bob.delete()
    bob.validate_restore()
    assert bob.is_deleted


@pytest.fixture
def unique_models(create_tables):
    """A unique=True field and a unique_together (warned by the checks, but used in the wild)."""
    with isolate_apps("django_basemodels.tests"):

        class Account(BaseModel):
            email = models.EmailField(unique=True)

        class Seat(BaseModel):
            row = models.IntegerField()
            number = models.IntegerField()

            class Meta:
                unique_together = [("row", "number")]

    create_tables(Account, Seat)
    return Account, Seat


def test_full_clean_reports_a_unique_value_a_deleted_row_holds(unique_models):
    account_model, _ = unique_models
    account_model.objects.create(email="bob@example.com").delete()
    with pytest.raises(ValidationError) as raised:
        account_model(email="bob@example.com").full_clean()
    assert raised.value.message_dict == {"email": ["Account with this Email already exists."]}


def test_full_clean_reports_a_unique_together_a_deleted_row_holds(unique_models):
    _, seat_model = unique_models
    seat_model.objects.create(row=1, number=2).delete()
    with pytest.raises(ValidationError) as raised:
        seat_model(row=1, number=2).full_clean()
    assert raised.value.messages == ["Seat with this Row and Number already exists."]


def test_full_clean_of_the_deleted_row_itself_passes(unique_models):
    account_model, _ = unique_models
    account = account_model.objects.create(email="bob@example.com")
    account.delete()
    account.full_clean()
