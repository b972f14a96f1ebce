import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from django_sequence import Sequence, next_sequence
from django_sequence.tests.models import Branch, Organization, OrganizationProxy

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:django_sequence_sequence_changelist")
ADD = reverse("admin:django_sequence_sequence_add")


def change_url(sequence):
    return reverse("admin:django_sequence_sequence_change", args=[sequence.pk])


def form_data(**fields):
    data = {"scope": "invoice", "org_content_type": "", "org_id": "", "prefix": "", "current_value": "0"}
    data |= {"pad_width": "6", "include_year": "on"}
    return {name: str(value) for name, value in (data | fields).items()}


def change_form_data(sequence, loaded_value, **fields):
    """What the change form posts when it was loaded while the counter stood at ``loaded_value``."""
    data = {"prefix": sequence.prefix, "pad_width": sequence.pad_width}
    data |= {"current_value": loaded_value, "initial-current_value": loaded_value}
    if sequence.include_year:
        data["include_year"] = "on"
    return {name: str(value) for name, value in (data | fields).items()}


def test_changelist_shows_scope_tenant_and_last_number(admin_client, org, year):
    next_sequence("invoice", org=org, prefix="INV-")
    next_sequence("ticket", prefix="T-", include_year=False)
    response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    content = response.content.decode()
    assert '<td class="field-tenant">Acme</td>' in content
    assert "global" in content
    assert f"INV-{year}-000001" in content
    assert "T-000001" in content


def test_changelist_search_and_tenant_filter(admin_client, org, org_type):
    next_sequence("invoice", org=org)
    next_sequence("ticket")
    assert list(admin_client.get(CHANGELIST, {"q": "tick"}).context["cl"].result_list) == [
        Sequence.objects.get(scope="ticket")
    ]
    by_tenant = admin_client.get(CHANGELIST, {"org_content_type__id__exact": org_type.pk}).context["cl"]
    assert [sequence.scope for sequence in by_tenant.result_list] == ["invoice"]


def test_preconfigured_sequence_starts_after_its_starting_value(admin_client, org, org_type, year):
    data = form_data(scope="purchase_order", org_content_type=org_type.pk, org_id=org.pk, prefix="PO-")
    response = admin_client.post(ADD, data | {"current_value": "999", "pad_width": "8"})
    assert response.status_code == 302
    assert next_sequence("purchase_order", org=org) == f"PO-{year}-00001000"


def test_duplicate_global_sequence_is_a_form_error(admin_client):
    next_sequence("ticket")
    response = admin_client.post(ADD, form_data(scope="ticket"))
    assert response.status_code == 200
    assert "A global sequence with this scope already exists." in response.content.decode()
    assert Sequence.objects.count() == 1


def test_tenant_needs_both_type_and_id(admin_client, org_type):
    response = admin_client.post(ADD, form_data(org_content_type=org_type.pk))
    assert "Give both the tenant type and the tenant id, or neither." in response.content.decode()
    assert not Sequence.objects.exists()


def test_counter_can_be_raised(admin_client):
    next_sequence("invoice", include_year=False)
    sequence = Sequence.objects.get()
    response = admin_client.post(change_url(sequence), change_form_data(sequence, 1, current_value=500))
    assert response.status_code == 302
    assert next_sequence("invoice") == "000501"


def test_counter_cannot_be_lowered(admin_client):
    for _ in range(5):
        next_sequence("invoice")
    sequence = Sequence.objects.get()
    response = admin_client.post(change_url(sequence), change_form_data(sequence, 5, current_value=2))
    assert response.status_code == 200
    assert "The counter can only go up: 5 has already been issued." in response.content.decode()
    assert Sequence.objects.get().current_value == 5


def test_saving_a_stale_form_keeps_numbers_issued_meanwhile(admin_client):
    """Numbers issued between loading and saving the form are neither lost nor handed out again."""
    next_sequence("invoice", include_year=False)
    sequence = Sequence.objects.get()
    assert 'name="initial-current_value" value="1"' in admin_client.get(change_url(sequence)).content.decode()
    next_sequence("invoice")  # issued while the form is open
    response = admin_client.post(change_url(sequence), change_form_data(sequence, 1, prefix="NEW-"))
    assert response.status_code == 302
    assert next_sequence("invoice") == "NEW-000003"


def test_identity_is_read_only_and_sequences_cannot_be_deleted(admin_client, org):
    next_sequence("invoice", org=org)
    sequence = Sequence.objects.get()
    form = admin_client.get(change_url(sequence)).context["adminform"].form
    assert {"scope", "org_content_type", "org_id"}.isdisjoint(form.fields)
    response = admin_client.post(
        reverse("admin:django_sequence_sequence_delete", args=[sequence.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Sequence.objects.filter(pk=sequence.pk).exists()
    assert Organization.objects.exists()


@pytest.fixture
def viewer(client, django_user_model):
    """A staff user who may only view sequences."""
    user = django_user_model.objects.create_user(username="viewer", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_sequence"))
    client.force_login(user)
    return client


def test_a_user_who_may_only_view_can_open_a_sequence(viewer, org, year):
    next_sequence("invoice", org=org, prefix="INV-")
    response = viewer.get(change_url(Sequence.objects.get()))
    assert response.status_code == 200
    content = response.content.decode()
    assert f"INV-{year}-000001" not in content  # the form shows fields, not the formatted number
    assert '<div class="readonly">1</div>' in content
    assert viewer.post(change_url(Sequence.objects.get()), {"current_value": "9"}).status_code == 403


def test_the_tenant_type_filter_lists_only_types_that_have_counters(admin_client, org, org_type):
    next_sequence("invoice", org=org)
    cl = admin_client.get(CHANGELIST).context["cl"]
    tenant_filter = next(spec for spec in cl.filter_specs if spec.field_path == "org_content_type")
    assert [label for _, label in tenant_filter.lookup_choices] == [str(org_type)]


def test_the_add_form_refuses_a_tenant_that_does_not_exist(admin_client, org_type):
    response = admin_client.post(ADD, form_data(org_content_type=org_type.pk, org_id="424242"))
    assert response.status_code == 200
    assert "There is no organization with id &#x27;424242&#x27;." in response.content.decode()
    assert not Sequence.objects.exists()


def test_the_add_form_refuses_a_yearly_reset_without_the_year(admin_client):
    data = form_data(scope="ticket", reset_yearly="on")
    del data["include_year"]
    response = admin_client.post(ADD, data)
    assert response.status_code == 200
    assert "A yearly reset needs the year in the number" in response.content.decode()
    assert not Sequence.objects.exists()


def test_a_preconfigured_sequence_shows_no_last_number_until_one_is_issued(admin_client, year):
    Sequence.objects.create(scope="purchase_order", prefix="PO-", current_value=1000)
    content = admin_client.get(CHANGELIST).content.decode()
    assert f"PO-{year}-001000" not in content
    assert '<td class="field-last_number">-</td>' in content
    next_sequence("purchase_order")
    assert f"PO-{year}-001001" in admin_client.get(CHANGELIST).content.decode()


def test_a_sequence_preconfigured_for_a_proxy_model_is_the_one_next_sequence_uses(admin_client, org, year):
    """``next_sequence(org=proxy_instance)`` keys the tenant by its concrete model; a row made in
    the admin with the proxy's type must be that same counter, or its starting value is ignored."""
    proxy_type = ContentType.objects.get_for_model(OrganizationProxy, for_concrete_model=False)
    data = form_data(org_content_type=proxy_type.pk, org_id=org.pk, prefix="INV-", current_value="1000")
    assert admin_client.post(ADD, data).status_code == 302
    assert next_sequence("invoice", org=OrganizationProxy.objects.get()) == f"INV-{year}-001001"
    assert next_sequence("invoice", org=org) == f"INV-{year}-001002"


def test_a_sequence_whose_tenant_model_was_removed_can_be_listed_and_edited(admin_client):
    """Its counters outlive the model (the stale content type is protected): the admin lists them
    and opens them instead of failing with a 500."""
    stale = ContentType.objects.create(app_label="sequence_tests", model="formerbranch")
    sequence = Sequence.objects.create(scope="invoice", org_content_type=stale, org_id="7", current_value=41)
    content = admin_client.get(CHANGELIST).content.decode()
    assert f'<td class="field-tenant">{stale} 7 (model removed)</td>' in content
    assert admin_client.get(change_url(sequence)).status_code == 200
    response = admin_client.post(change_url(sequence), change_form_data(sequence, 41, current_value=50))
    assert response.status_code == 302
    assert Sequence.objects.get().current_value == 50


def test_the_changelist_reads_the_tenants_of_a_page_in_one_query_per_tenant_type(admin_client):
    """The tenant column read each tenant with a query of its own."""

    def queries_for_the_changelist():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(CHANGELIST).status_code == 200
        return len(queries)

    def add_tenants(count):
        for n in range(count):
            next_sequence("invoice", org=Organization.objects.create(name=f"Org {n}"))
            next_sequence("invoice", org=Branch.objects.create(name=f"Branch {n}"))

    add_tenants(2)
    queries_for_the_changelist()  # fills the caches of the user, the session and the content types
    few = queries_for_the_changelist()
    add_tenants(20)
    assert queries_for_the_changelist() == few
    assert "Branch 19" in admin_client.get(CHANGELIST).content.decode()


def test_a_tenant_id_written_without_validation_does_not_break_the_changelist(admin_client, org_type):
    Sequence.objects.create(scope="invoice", org_content_type=org_type, org_id="not-a-number")
    content = admin_client.get(CHANGELIST).content.decode()
    assert f'<td class="field-tenant">{org_type} not-a-number (not a key)</td>' in content
