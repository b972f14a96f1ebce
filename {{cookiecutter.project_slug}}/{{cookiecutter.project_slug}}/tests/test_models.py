import pytest

from {{ cookiecutter.project_slug }}.models import Customer, SiteSettings


@pytest.mark.django_db
def test_site_settings_is_a_singleton():
    assert SiteSettings.get_instance().pk == SiteSettings.get_instance().pk == 1


@pytest.mark.django_db
def test_deleted_customer_leaves_the_default_manager():
    customer = Customer.objects.create(name="Ada")
    customer.delete()
    assert not Customer.objects.exists()
    assert Customer.all_objects.get().is_deleted
