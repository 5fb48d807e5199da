from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from home.cache import new_generation
from leads.models import LeadSettings


@receiver(post_save, sender=LeadSettings)
@receiver(post_delete, sender=LeadSettings)
def lead_settings_changed(sender, instance, **kwargs):
    """Pages show the clinic's reCAPTCHA key: cached pages must not outlive it."""
    new_generation(instance.site_id)
