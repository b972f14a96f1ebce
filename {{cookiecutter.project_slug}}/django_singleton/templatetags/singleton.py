"""The get_singleton template tag: a singleton's row in any template, read through its cache."""

from django import template
from django.apps import apps

from django_singleton.models import SingletonModel

register = template.Library()


@register.simple_tag
def get_singleton(label):
    usage = f"get_singleton needs a singleton model as 'app_label.ModelName', got {label!r}"
    if not isinstance(label, str):  # a variable that holds something else: None, a row, a number
        raise template.TemplateSyntaxError(usage)
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError) as error:
        raise template.TemplateSyntaxError(f"{usage}: {error}") from error
    if not issubclass(model, SingletonModel):
        raise template.TemplateSyntaxError(f"get_singleton: {model._meta.label} is not a SingletonModel.")
    return model.get_instance()
