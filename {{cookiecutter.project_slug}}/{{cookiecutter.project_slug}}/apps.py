from django.apps import AppConfig


class ExampleConfig(AppConfig):
    name = "{{ cookiecutter.project_slug }}"
    {{ cookiecutter.project_name | python_assignment("verbose_name") }}
    default_auto_field = "django.db.models.BigAutoField"
