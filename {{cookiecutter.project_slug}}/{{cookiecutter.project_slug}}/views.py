from django.shortcuts import render

from .models import Invoice


def home(request):
    """A public page that reads the site settings (through the context processor)."""
    return render(request, "example/home.html", {"invoice_count": Invoice.objects.count()})
