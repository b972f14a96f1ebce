"""``python manage.py seed_demo``: demo tenants, customers and invoices. Safe to run again.

With ``DEBUG`` off the database is likely a real one: the command refuses unless
``--allow-production`` says that demo rows are wanted there.
"""

from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ...models import Customer, Invoice, SiteSettings, Tenant

DEMO = {
    "Acme Corporation": [("Wile E. Coyote", "wile@acme.example", ["120.00", "75.50"])],
    "Globex": [
        ("Hank Scorpio", "hank@globex.example", ["999.99"]),
        ("Frank Grimes", "frank@globex.example", []),
    ],
}


class Command(BaseCommand):
    help = "Create demo tenants, customers and invoices; what exists already is left as it is."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Add the demo rows even though DEBUG is off (a production database, most likely).",
        )

    @transaction.atomic
    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off, so this is probably a production database; seed_demo adds demo tenants, "
                "customers and invoices. Pass --allow-production to add them anyway."
            )
        SiteSettings.get_instance()
        created = 0
        for tenant_name, customers in DEMO.items():
            tenant, new = Tenant.objects.get_or_create(name=tenant_name)
            created += new
            for name, email, amounts in customers:
                customer, new = Customer.objects.get_or_create(
                    tenant=tenant, email=email, defaults={"name": name}
                )
                if new:
                    created += 1 + len(amounts)
                    for amount in amounts:
                        Invoice.objects.create(customer=customer, amount=Decimal(amount))
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} new rows)."))
