"""Model forms with a key to a soft-delete model (``SoftDeleteModelForm``).

Decision: an object keeps its link to a row deleted after it was chosen (it can still be edited
and saved, and the form labels the row as deleted); a deleted row cannot be chosen for a new link,
and the form says why; the choices list active rows only.
"""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import apply_limit_choices_to_to_formfield

from django_basemodels.forms import SoftDeleteModelChoiceField, SoftDeleteModelForm, formfield_for
from django_basemodels.tests.models import Customer, Order

pytestmark = pytest.mark.django_db


class OrderForm(SoftDeleteModelForm):
    class Meta(SoftDeleteModelForm.Meta):
        model = Order
        fields = ["customer", "reference"]


class PlainOrderForm(forms.ModelForm):
    class Meta:
        model = Order
        fields = ["customer", "reference"]


def labels(form):
    return [label for value, label in form.fields["customer"].choices if value]


def test_the_key_uses_the_soft_delete_field():
    assert isinstance(OrderForm.base_fields["customer"], SoftDeleteModelChoiceField)


def test_a_plain_model_form_cannot_save_an_object_whose_key_points_to_a_deleted_row(eve):
    """What SoftDeleteModelForm fixes: Django's own form says the current value is not valid."""
    order = Order.objects.create(customer=eve, reference="A-1")
    form = PlainOrderForm({"customer": eve.pk, "reference": "A-2"}, instance=order)
    assert form.errors["customer"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]


def test_an_object_whose_key_points_to_a_deleted_row_can_be_saved(bob, eve):
    order = Order.objects.create(customer=eve, reference="A-1")
    form = OrderForm({"customer": eve.pk, "reference": "A-2"}, instance=order)
    assert form.is_valid(), form.errors
    form.save()
    order.refresh_from_db()
    assert (order.customer, order.reference) == (eve, "A-2")


def test_the_deleted_row_already_chosen_is_listed_and_labelled(bob, eve):
    Customer.objects.create(name="Zed", email="zed@example.com").delete()
    order = Order.objects.create(customer=eve, reference="A-1")
    assert sorted(labels(OrderForm(instance=order))) == ["Bob", "Eve (deleted)"]


def test_a_new_object_lists_active_rows_only(bob, eve):
    assert labels(OrderForm()) == ["Bob"]


def test_a_deleted_row_is_refused_for_a_new_object(bob, eve):
    form = OrderForm({"customer": eve.pk, "reference": "A-1"})
    assert form.errors["customer"] == ["Eve has been deleted and cannot be chosen."]


def test_a_deleted_row_is_refused_when_changing_the_key(bob, eve):
    order = Order.objects.create(customer=bob, reference="A-1")
    form = OrderForm({"customer": eve.pk, "reference": "A-1"}, instance=order)
    assert form.errors["customer"] == ["Eve has been deleted and cannot be chosen."]


def test_a_row_deleted_while_the_form_was_open_is_refused(bob):
    form = OrderForm({"customer": bob.pk, "reference": "A-1"})
    bob.delete()
    assert form.errors["customer"] == ["Bob has been deleted and cannot be chosen."]


def test_moving_away_from_a_deleted_row_works(bob, eve):
    order = Order.objects.create(customer=eve, reference="A-1")
    form = OrderForm({"customer": bob.pk, "reference": "A-1"}, instance=order)
    assert form.is_valid(), form.errors
    assert form.save().customer == bob


def test_a_deleted_row_that_limit_choices_to_leaves_out_is_an_invalid_choice_and_not_named(bob, eve):
    field = formfield_for(Order._meta.get_field("customer"), limit_choices_to={"name__startswith": "B"})
    apply_limit_choices_to_to_formfield(field)
    with pytest.raises(ValidationError) as raised:
        field.clean(eve.pk)
    assert raised.value.code == "invalid_choice"
    assert "Eve" not in str(raised.value)


def test_choices_made_distinct_keep_the_deleted_row_already_chosen(bob, eve):
    """Choices filtered across a relation are often ``distinct()``, which Django's ``|`` must match."""
    Order.objects.create(customer=eve, reference="A-1")
    field = SoftDeleteModelChoiceField(queryset=Customer.objects.filter(orders__isnull=False).distinct())
    field.keep(eve.pk)
    assert field.clean(eve.pk) == eve


@pytest.mark.parametrize("value", ["00000000-0000-4000-8000-000000000000", "not a key"])
def test_a_value_that_names_no_deleted_row_gets_djangos_message(bob, value):
    data = {"customer": value, "reference": "A-1"}
    errors = OrderForm(data).errors["customer"]
    assert errors == PlainOrderForm(data).errors["customer"]
    assert "deleted" not in errors[0]
