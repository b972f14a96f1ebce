"""``python manage.py seed_demo``: demo tenants, customers and invoices. Safe to run again."""

from decimal import Decimal

from django.core.management.base import BaseCommand
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

    @transaction.atomic
    def handle(self, *args, **options):
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
