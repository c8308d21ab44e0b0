"""Vendor exports (HubSpot, Mailchimp, ...) mapped onto the landing contract by YAML column maps."""
