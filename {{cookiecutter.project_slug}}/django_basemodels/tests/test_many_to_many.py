"""Many-to-many relations through a soft-delete model, and to soft-delete models.

Decision: the rows of a ``through`` model are links, and a link is there or gone. Django's
many-to-many machinery joins through every link row, so a soft-deleted link would still list its
member; the links are removed for real instead, whichever way they are deleted.
"""

import pytest

from django_basemodels.forms import SoftDeleteModelForm
from django_basemodels.managers import is_link_model
from django_basemodels.tests.models import Customer, Group, Membership, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return [Person.objects.create(name=name) for name in ("Ann", "Ben", "Cid")]


@pytest.fixture
def group(people):
    group = Group.objects.create(name="band")
    group.members.add(*people[:2])
    return group


def names(manager):
    return sorted(person.name for person in manager.all())


def test_through_models_are_recognised():
    assert is_link_model(Membership)
    assert not is_link_model(Group)
    assert not is_link_model(Customer)


def test_remove_takes_the_member_out_and_removes_the_link(group, people):
    group.members.remove(people[0])
    assert names(group.members) == ["Ben"]
    assert not Membership.all_objects.filter(person=people[0]).exists()


def test_removed_member_added_again_is_listed_once(group, people):
    group.members.remove(people[0])
    group.members.add(people[0])
    assert names(group.members) == ["Ann", "Ben"]
    assert Membership.all_objects.count() == 2


def test_clear_empties_the_relation(group, people):
    group.members.clear()
    assert names(group.members) == []
    assert list(people[0].groups.all()) == []
    assert not Membership.all_objects.exists()


def test_set_replaces_the_members(group, people):
    group.members.set([people[1], people[2]])
    assert names(group.members) == ["Ben", "Cid"]
    group.members.set([people[0]])
    assert names(group.members) == ["Ann"]
    assert Membership.all_objects.count() == 1


def test_deleting_a_link_row_takes_the_member_out(group, people):
    """Also by hand, as a form or an admin inline deletes a link: django-safedelete leaves this open."""
    Membership.objects.get(person=people[0]).delete()
    Membership.objects.filter(person=people[1]).delete()
    assert names(group.members) == []
    assert not Membership.all_objects.exists()


def test_soft_delete_of_link_rows_removes_them(group, people):
    """``soft_delete()`` names a soft delete, but a soft-deleted link would still join: it removes them."""
    assert Membership.objects.filter(person=people[0]).soft_delete() == 1
    assert names(group.members) == ["Ben"]
    assert Membership.all_objects.count() == 1


def test_prefetch_lists_the_current_members(group, people, django_assert_num_queries):
    group.members.remove(people[0])
    with django_assert_num_queries(2):
        (prefetched,) = Group.objects.prefetch_related("members")
        assert names(prefetched.members) == ["Ben"]


def test_filters_across_the_relation_see_the_current_members(group, people):
    group.members.remove(people[0])
    assert not Group.objects.filter(members=people[0]).exists()
    assert list(Group.objects.filter(members=people[1])) == [group]


def test_a_soft_deleted_member_is_hidden_from_the_relation(group, people):
    """The related manager hides deleted rows of the other side, as any related manager does."""
    people[0].delete()
    assert names(group.members) == ["Ben"]
    assert sorted(p.name for p in group.members.with_deleted()) == ["Ann", "Ben"]
    group.delete()
    assert list(people[1].groups.all()) == []
    assert list(people[1].groups.with_deleted()) == [group]


def test_a_form_keeps_the_links_to_deleted_members(group, people):
    """The field lists active people; saving the form leaves a deleted member's link as it was."""

    class GroupForm(SoftDeleteModelForm):
        class Meta(SoftDeleteModelForm.Meta):
            model = Group
            fields = ["name", "members"]

    people[0].delete()
    form = GroupForm(instance=group)
    assert [person.name for person in form.fields["members"].queryset] == ["Ben", "Cid"]
    form = GroupForm({"name": "band", "members": [people[2].pk]}, instance=group)
    assert form.is_valid(), form.errors
    form.save()
    assert sorted(link.person.name for link in Membership.objects.all()) == ["Ann", "Cid"]


def test_with_deleted_on_a_prefetched_relation_sees_deleted_members(group, people):
    """Both sides: the prefetched lists hold active rows, with_deleted() and deleted_only() query afresh."""
    people[0].delete()
    (prefetched,) = Group.objects.prefetch_related("members")
    assert names(prefetched.members) == ["Ben"]
    assert sorted(p.name for p in prefetched.members.with_deleted()) == ["Ann", "Ben"]
    assert [p.name for p in prefetched.members.deleted_only()] == ["Ann"]
    group.delete()
    ben = Person.objects.prefetch_related("groups").get(pk=people[1].pk)
    assert list(ben.groups.all()) == []
    assert list(ben.groups.deleted_only()) == [group]
