"""schema.org JSON-LD for a clinic, as a plain dict."""

WEEKDAY_NAMES = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
]


def absolute_url(clinic, url):
    """``url`` on the clinic's own host (not the admin's, not the request's)."""
    if url.startswith(("http://", "https://")):
        return url
    return clinic.site.root_url + url


def clinic_id(clinic):
    return f"{clinic.site.root_url}/#clinic"


def clinic_organization(clinic):
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalClinic",
        "@id": clinic_id(clinic),
        "name": clinic.display_name,
        "url": f"{clinic.site.root_url}/",
    }
    if clinic.phone:
        data["telephone"] = clinic.phone_e164
    if clinic.has_address:
        data["address"] = postal_address(clinic)
    if clinic.logo:
        data["logo"] = absolute_url(clinic, clinic.logo.file.url)
    if clinic.service_area_list:
        data["areaServed"] = clinic.service_area_list
    hours = opening_hours(clinic)
    if hours:
        data["openingHoursSpecification"] = hours
    same_as = [link.value["url"] for link in clinic.social_links]
    if same_as:
        data["sameAs"] = same_as
    return data


def postal_address(clinic):
    fields = {
        "streetAddress": clinic.street_address,
        "addressLocality": clinic.locality,
        "addressRegion": clinic.region,
        "postalCode": clinic.postal_code,
    }
    address = {"@type": "PostalAddress", "addressCountry": "US"}
    address.update({key: value for key, value in fields.items() if value})
    return address


def opening_hours(clinic):
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{WEEKDAY_NAMES[int(block.value['weekday'])]}",
            "opens": block.value["opens"].strftime("%H:%M"),
            "closes": block.value["closes"].strftime("%H:%M"),
        }
        for block in clinic.office_hours
    ]
