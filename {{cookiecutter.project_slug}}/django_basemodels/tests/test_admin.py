"""SoftDeleteAdminMixin through the admin's own URLs, as logged-in staff users."""

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.messages.storage.cookie import CookieStorage
from django.urls import reverse

from django_basemodels.admin import SoftDeleteAdminMixin
from django_basemodels.tests.models import Customer, Group, Membership, Note, Order, OrderLine, Person

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:basemodels_tests_customer_changelist"


def listed(response):
    return [obj.name for obj in response.context["cl"].result_list]


def act(client, action, objs, *, confirm=False, query="", model="customer"):
    data = {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in objs]}
    if confirm:
        data["post"] = "yes"
    url = reverse(f"admin:basemodels_tests_{model}_changelist") + query
    return client.post(url, data, follow=confirm)


def messages(response):
    return [str(message) for message in response.context["messages"]]


def staff_client(client, django_user_model, *codenames):
    """The test client, logged in as a staff user (not a superuser) with these permissions."""
    user = django_user_model.objects.create_user("staff", password="unused", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="basemodels_tests", codename__in=codenames)
    )
    client.force_login(user)
    return client


@pytest.fixture
def staff(client, django_user_model):
    """Staff with every permission on customers and orders."""
    return staff_client(
        client,
        django_user_model,
        *(
            f"{action}_{model}"
            for action in ("view", "add", "change", "delete")
            for model in ("customer", "order")
        ),
    )


# --- The change list and its status filter ------------------------------------------------------


def test_change_list_shows_active_rows_by_default(staff, bob, eve):
    assert listed(staff.get(reverse(CHANGELIST))) == ["Bob"]


@pytest.mark.parametrize(("query", "names"), [("?deleted=only", ["Eve"]), ("?deleted=all", ["Bob", "Eve"])])
def test_status_filter_shows_deleted_or_all_rows(staff, bob, eve, query, names):
    assert listed(staff.get(reverse(CHANGELIST) + query)) == names


def test_status_filter_offers_active_deleted_and_all(staff, bob):
    response = staff.get(reverse(CHANGELIST) + "?deleted=only")
    (spec,) = response.context["cl"].filter_specs
    choices = list(spec.choices(response.context["cl"]))
    assert [(str(c["display"]), c["selected"]) for c in choices] == [
        ("Active", False),
        ("Deleted", True),
        ("All", False),
    ]
    assert choices[0]["query_string"] == "?"


def test_change_view_of_a_deleted_row_is_reachable(staff, eve):
    response = staff.get(reverse("admin:basemodels_tests_customer_change", args=[eve.pk]))
    assert response.status_code == 200
    assert response.context["original"] == eve


# --- Deleting: single and bulk are soft ---------------------------------------------------------


def test_delete_page_lists_only_the_object_even_when_protected_rows_point_to_it(staff, bob):
    Order.objects.create(customer=bob, reference="A-1")
    response = staff.get(reverse("admin:basemodels_tests_customer_delete", args=[bob.pk]))
    assert response.status_code == 200
    assert response.context["deleted_objects"] == ["Customer: Bob"]
    assert response.context["protected"] == []
    assert dict(response.context["model_count"]) == {"customers": 1}


def test_delete_view_soft_deletes(staff, bob):
    Order.objects.create(customer=bob, reference="A-1")
    response = staff.post(reverse("admin:basemodels_tests_customer_delete", args=[bob.pk]), {"post": "yes"})
    assert response.status_code == 302
    bob.refresh_from_db()
    assert bob.is_deleted
    assert LogEntry.objects.get(object_id=str(bob.pk)).action_flag == DELETION


def test_delete_selected_confirmation_lists_only_the_selected_rows(staff, bob):
    response = act(staff, "delete_selected", [bob])
    assert response.status_code == 200
    assert response.context["deletable_objects"] == [["Customer: Bob"]]


def test_delete_selected_soft_deletes(staff, bob):
    other = Customer.objects.create(name="Other", email="other@example.com")
    Order.objects.create(customer=bob, reference="A-1")
    response = act(staff, "delete_selected", [bob, other], confirm=True)
    assert messages(response) == ["Successfully deleted 2 customers."]
    assert Customer.objects.count() == 0
    assert Customer.all_objects.count() == 2


# --- Restore ------------------------------------------------------------------------------------


def test_restore_selected_restores_and_logs(staff, eve):
    response = act(staff, "restore_selected", [eve], confirm=True, query="?deleted=only")
    assert messages(response) == ["Restored 1 customer."]
    eve.refresh_from_db()
    assert not eve.is_deleted
    entry = LogEntry.objects.get(object_id=str(eve.pk))
    assert (entry.action_flag, entry.get_change_message()) == (CHANGE, "Restored.")


def test_restore_selected_ignores_active_rows(staff, bob, eve):
    response = act(staff, "restore_selected", [bob, eve], confirm=True, query="?deleted=all")
    assert messages(response) == ["Restored 1 customer."]
    assert Customer.objects.count() == 2


# --- Permanent delete ---------------------------------------------------------------------------


@pytest.fixture
def order():
    customer = Customer.objects.create(name="Bob", email="bob@example.com")
    order = Order.objects.create(customer=customer, reference="A-1")
    OrderLine.objects.create(order=order, product="tea").delete()
    return order


def test_hard_delete_asks_for_confirmation_listing_the_cascade(staff, order):
    response = act(staff, "hard_delete_selected", [order], model="order")
    assert response.status_code == 200
    assert response.templates[0].name == "django_basemodels/hard_delete_selected_confirmation.html"
    order_url = reverse("admin:basemodels_tests_order_change", args=[order.pk])
    assert response.context["deletable_objects"] == [
        [f'Order: <a href="{order_url}">A-1</a>', ["Order line: tea"]]
    ]
    content = response.content.decode()
    assert "permanently" in content
    assert '<input type="hidden" name="action" value="hard_delete_selected">' in content
    assert Order.all_objects.filter(pk=order.pk).exists()


def test_hard_delete_confirmed_removes_the_rows_and_their_cascade(staff, order):
    response = act(staff, "hard_delete_selected", [order], confirm=True, model="order")
    assert messages(response) == ["Successfully deleted 1 order."]
    assert not Order.all_objects.exists()
    assert not OrderLine.all_objects.exists()
    assert LogEntry.objects.get(object_id=str(order.pk)).action_flag == DELETION


def test_hard_delete_is_refused_while_protected_rows_point_to_the_row(staff, order):
    response = act(staff, "hard_delete_selected", [order.customer], confirm=True)
    assert response.status_code == 200
    assert response.context["protected"] == [
        f'Order: <a href="{reverse("admin:basemodels_tests_order_change", args=[order.pk])}">A-1</a>'
    ]
    assert Customer.all_objects.filter(pk=order.customer.pk).exists()


# --- Permissions decide which actions are offered -----------------------------------------------


def offered_actions(client):
    response = client.get(reverse(CHANGELIST))
    return [name for name, _ in response.context["action_form"].fields["action"].choices if name]


def test_staff_who_may_delete_but_not_change_cannot_restore(client, django_user_model):
    client = staff_client(client, django_user_model, "view_customer", "delete_customer")
    assert offered_actions(client) == ["delete_selected", "hard_delete_selected"]


def test_staff_who_may_change_but_not_delete_can_only_restore(client, django_user_model):
    client = staff_client(client, django_user_model, "view_customer", "change_customer")
    assert offered_actions(client) == ["restore_selected"]


def test_staff_who_may_only_view_see_deleted_rows_and_change_nothing(client, django_user_model, eve):
    client = staff_client(client, django_user_model, "view_customer")
    assert client.get(reverse(CHANGELIST)).context["action_form"] is None  # no action offered
    assert listed(client.get(reverse(CHANGELIST) + "?deleted=only")) == ["Eve"]
    page = client.get(reverse("admin:basemodels_tests_customer_change", args=[eve.pk]))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert act(client, "restore_selected", [eve], query="?deleted=only").status_code == 200
    assert Customer.all_objects.get(pk=eve.pk).is_deleted


# --- The base admin's row scope holds in every view ---------------------------------------------

NOTES = "admin:basemodels_tests_note_changelist"


@pytest.fixture
def notes(django_user_model):
    """Two staff users with an active and a deleted note each; returns (own user, other user)."""
    users = []
    for name in ("mine", "theirs"):
        user = django_user_model.objects.create_user(name, password="unused", is_staff=True)
        user.user_permissions.set(Permission.objects.filter(codename__endswith="_note"))
        Note.objects.create(owner=name, text=f"{name} active")
        Note.objects.create(owner=name, text=f"{name} deleted").delete()
        users.append(user)
    return users


def note_texts(response):
    return [obj.text for obj in response.context["cl"].result_list]


@pytest.mark.parametrize(
    ("query", "texts"),
    [
        ("", ["mine active"]),
        ("?deleted=only", ["mine deleted"]),
        ("?deleted=all", ["mine active", "mine deleted"]),
    ],
)
def test_change_list_keeps_the_base_admins_scope(client, notes, query, texts):
    client.force_login(notes[0])
    assert note_texts(client.get(reverse(NOTES) + query)) == texts


@pytest.mark.parametrize("state", ["active", "deleted"])
@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_views_of_another_users_row_find_nothing(client, notes, state, view):
    client.force_login(notes[0])
    other = Note.all_objects.get(text=f"theirs {state}")
    response = client.get(reverse(f"admin:basemodels_tests_note_{view}", args=[other.pk]), follow=True)
    assert response.redirect_chain == [(reverse("admin:index"), 302)]
    assert messages(response) == [
        f"note with ID “{other.pk}” doesn\N{RIGHT SINGLE QUOTATION MARK}t exist. Perhaps it was deleted?"
    ]


@pytest.mark.parametrize("action", ["restore_selected", "hard_delete_selected"])
def test_actions_do_not_reach_another_users_rows(client, notes, action):
    client.force_login(notes[0])
    other = Note.all_objects.get(text="theirs deleted")
    data = {"action": action, ACTION_CHECKBOX_NAME: [other.pk], "post": "yes"}
    client.post(reverse(NOTES) + "?deleted=all", data)
    assert Note.all_objects.get(pk=other.pk).is_deleted


# --- Autocomplete, from another model's form ----------------------------------------------------


def test_autocomplete_offers_active_rows_only(staff, bob, eve):
    response = staff.get(
        reverse("admin:autocomplete"),
        {"app_label": "basemodels_tests", "model_name": "order", "field_name": "customer", "term": ""},
    )
    assert [result["text"] for result in response.json()["results"]] == ["Bob"]


# --- Restore refused by a unique rule -----------------------------------------------------------


def test_restore_selected_reports_a_taken_value_instead_of_failing(staff, eve):
    Customer.objects.create(name="New Eve", email="eve@example.com")
    other = Customer.objects.create(name="Zoe", email="zoe@example.com")
    other.delete()
    response = act(staff, "restore_selected", [eve, other], confirm=True, query="?deleted=only")
    assert response.status_code == 200
    assert messages(response) == [
        "Eve was not restored: Constraint “unique_active_customer_email” is violated.",
        "Restored 1 customer.",
    ]
    assert Customer.all_objects.get(pk=eve.pk).is_deleted
    assert not Customer.all_objects.get(pk=other.pk).is_deleted


def test_restore_selected_reports_a_value_taken_between_the_check_and_the_write(staff, eve, monkeypatch):
    """Another request takes the e-mail after the action checked it: a message, not a server error."""
    check = Customer.validate_restore

    def check_then_lose_the_race(obj):
        check(obj)
        Customer.objects.create(name="New Eve", email=obj.email)

    monkeypatch.setattr(Customer, "validate_restore", check_then_lose_the_race)
    response = act(staff, "restore_selected", [eve], confirm=True, query="?deleted=only")
    assert response.status_code == 200
    assert messages(response) == [
        "Eve was not restored: Constraint “unique_active_customer_email” is violated."
    ]
    assert Customer.all_objects.get(pk=eve.pk).is_deleted


def test_restore_selected_of_two_rows_with_one_value_restores_the_first_only(staff):
    first = Customer.objects.create(name="Ann", email="ann@example.com")
    first.delete()
    second = Customer.objects.create(name="Ann two", email="ann@example.com")
    second.delete()
    response = act(staff, "restore_selected", [first, second], confirm=True, query="?deleted=only")
    assert len(messages(response)) == 2
    assert Customer.objects.filter(email="ann@example.com").count() == 1


# --- Unique rules in the add and change forms ---------------------------------------------------


def test_add_form_reports_a_taken_value_instead_of_failing(staff, bob):
    response = staff.post(
        reverse("admin:basemodels_tests_customer_add"), {"name": "Bob 2", "email": bob.email}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Constraint “unique_active_customer_email” is violated."
    ]


def test_change_form_reports_a_taken_value_instead_of_failing(staff, bob):
    other = Customer.objects.create(name="Other", email="other@example.com")
    url = reverse("admin:basemodels_tests_customer_change", args=[other.pk])
    response = staff.post(url, {"name": "Other", "email": bob.email})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors


def test_add_form_accepts_the_value_of_a_deleted_row(staff, eve):
    response = staff.post(
        reverse("admin:basemodels_tests_customer_add"), {"name": "Eve 2", "email": eve.email}
    )
    assert response.status_code == 302
    assert Customer.objects.get(email=eve.email).name == "Eve 2"


# --- Foreign keys to deleted rows in the form ---------------------------------------------------


def test_change_form_of_a_row_pointing_to_a_deleted_row_saves(staff, bob):
    order = Order.objects.create(customer=bob, reference="A-1")
    bob.delete()
    url = reverse("admin:basemodels_tests_order_change", args=[order.pk])
    assert "Bob (deleted)" in staff.get(url).content.decode()
    response = staff.post(url, {"customer": bob.pk, "reference": "A-2"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.customer, order.reference) == (bob, "A-2")


def test_raw_id_input_names_a_deleted_row_and_says_so(rf, admin_user, bob):
    """Django's raw-id widget shows no label at all for a row its default manager hides."""

    class OrderLineAdmin(SoftDeleteAdminMixin, admin.ModelAdmin):
        raw_id_fields = ["order"]

    line = OrderLine.objects.create(order=Order.objects.create(customer=bob, reference="A-1"), product="pen")
    line.order.delete()
    request = rf.get("/")
    request.user = admin_user
    form_class = OrderLineAdmin(OrderLine, admin.site).get_form(request, line)
    widget = form_class(instance=line).fields["order"].widget
    assert widget.label_and_url_for_value(line.order_id) == (
        "A-1 (deleted)",
        reverse("admin:basemodels_tests_order_change", args=[line.order_id]),
    )
    assert form_class({"order": line.order_id, "product": "pencil"}, instance=line).is_valid()


def test_add_form_refuses_a_deleted_row_and_says_why(staff, eve):
    response = staff.post(
        reverse("admin:basemodels_tests_order_add"), {"customer": eve.pk, "reference": "B-1"}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["customer"] == [
        "Eve has been deleted and cannot be chosen."
    ]
    assert not Order.all_objects.exists()


def test_names_in_pages_and_messages_are_escaped(staff):
    """django-safedelete's XSS test, on the pages and messages this mixin adds."""
    script = "<script>alert(42)</script>"
    Customer.objects.create(name=script, email="x@example.com").delete()
    Customer.objects.create(name="taken", email="x@example.com")
    deleted = Customer.all_objects.get(name=script)
    response = act(staff, "restore_selected", [deleted], confirm=True, query="?deleted=only")
    assert messages(response) == [
        f"{script} was not restored: Constraint “unique_active_customer_email” is violated."
    ]
    content = response.content.decode()
    assert script not in content
    assert "&lt;script&gt;alert(42)&lt;/script&gt;" in content
    assert script not in act(staff, "hard_delete_selected", [deleted]).content.decode()


# --- An inline with keys to soft-delete models (SoftDeleteForeignKeysAdminMixin) ----------------


def posted_as_shown(page, **changes):
    """The change form's data as a browser posts it back unchanged, inlines included, plus ``changes``."""
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {
        form[name].html_name: form[name].value()
        for form in forms
        for name in form.fields
        if form[name].value() not in (None, False)
    }
    return {**data, **changes}


@pytest.fixture
def band():
    """A group of Ann, deleted since, and Ben; and Cid, deleted, who never joined."""
    group = Group.objects.create(name="band")
    ann, ben, cid = (Person.objects.create(name=name) for name in ("Ann", "Ben", "Cid"))
    group.members.add(ann, ben)
    ann.delete()
    cid.delete()
    return group


def test_inline_rows_pointing_to_a_deleted_row_save(admin_client, band):
    url = reverse("admin:basemodels_tests_group_change", args=[band.pk])
    response = admin_client.post(url, posted_as_shown(admin_client.get(url), name="the band"))
    assert response.status_code == 302
    assert Group.objects.get().name == "the band"
    assert sorted(link.person.name for link in Membership.objects.all()) == ["Ann", "Ben"]


def test_inline_refuses_a_deleted_row_for_a_new_link_and_says_why(admin_client, band):
    url = reverse("admin:basemodels_tests_group_change", args=[band.pk])
    cid = Person.all_objects.get(name="Cid")
    response = admin_client.post(
        url, posted_as_shown(admin_client.get(url), **{"membership_set-2-person": cid.pk})
    )
    errors = response.context["inline_admin_formsets"][0].formset.errors
    assert errors[2] == {"person": ["Cid has been deleted and cannot be chosen."]}
    assert Membership.objects.count() == 2


def test_inline_delete_removes_the_link(admin_client, band):
    url = reverse("admin:basemodels_tests_group_change", args=[band.pk])
    data = posted_as_shown(admin_client.get(url))
    ann = Person.all_objects.get(name="Ann")
    (ann_field,) = [name for name, value in data.items() if name.endswith("-person") and value == ann.pk]
    data[ann_field.replace("-person", "-DELETE")] = "on"
    assert admin_client.post(url, data).status_code == 302
    assert [link.person.name for link in Membership.all_objects.all()] == ["Ben"]


# --- Per-row change permission ------------------------------------------------------------------


def test_restore_selected_skips_the_rows_the_user_may_not_change(rf, admin_user, bob, eve):
    """A base admin's per-row ``has_change_permission(request, obj)`` holds for restoring, as for
    the change form."""

    class NoEveAdmin(SoftDeleteAdminMixin, admin.ModelAdmin):
        def has_change_permission(self, request, obj=None):
            return obj is None or obj.name != "Eve"

    zoe = Customer.objects.create(name="Zoe", email="zoe@example.com")
    zoe.delete()
    request = rf.post("/")
    request.user = admin_user
    request._messages = CookieStorage(request)
    NoEveAdmin(Customer, admin.site).restore_selected(request, Customer.all_objects.all())
    assert [str(message) for message in request._messages] == [
        "Eve was not restored: You may not change it.",
        "Restored 1 customer.",
    ]
    assert sorted(c.name for c in Customer.objects.all()) == ["Bob", "Zoe"]
