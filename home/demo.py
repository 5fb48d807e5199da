"""Demo content for the two clinics. Original copy: nothing here is taken from the
clinics' published posts. Inboxes use the reserved .example domain."""

WEEKDAY_HOURS = [
    {"weekday": str(day), "opens": "08:00:00", "closes": "20:00:00"} for day in range(5)
]


def office_hours(rows):
    return [{"type": "hours", "value": row} for row in rows]


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(html):
    return {"type": "paragraph", "value": html}


def cta(heading_text, text):
    return {
        "type": "cta",
        "value": {
            "heading": heading_text,
            "text": text,
            "link_text": "",
            "link_page": None,
        },
    }


CRISIS_NOTICE = {
    "name": "Crisis notice (%(clinic)s)",
    "body": (
        '<p>In crisis? Call or text <a href="tel:988">988</a> for the Suicide &amp; '
        "Crisis Lifeline, day or night. In an emergency, call "
        '<a href="tel:911">911</a>.</p>'
    ),
}

CLINICS = [
    {
        "site_name": "TruHealing Cincinnati",
        "logo_text": "TruHealing",
        "hostname": "truhealing.localhost",
        "is_default_site": True,
        "home_slug": "truhealing-cincinnati",
        "notices": {
            "disclaimer": {
                "name": "Medical disclaimer (TruHealing Cincinnati)",
                "body": (
                    "<p>Stories on this site show experiences many people share. "
                    "Unless we say otherwise, first-person accounts are composites, "
                    "not one real client. Nothing here is medical advice or a promise "
                    "of results: please talk with a licensed provider about your own "
                    "situation.</p>"
                ),
            },
            "response_time_notice": {
                "name": "Response time (TruHealing Cincinnati)",
                "body": (
                    "<p>During office hours we usually call back within an hour.</p>"
                ),
            },
            "footer_text": {
                "name": "Footer text (TruHealing Cincinnati)",
                "body": (
                    "<p>Outpatient addiction and mental health care for adults in "
                    "Greater Cincinnati. Demo content for development.</p>"
                ),
            },
        },
        "demo_users": "truhealing",
        "routing": {
            "lead_inboxes": "admissions@truhealing-cincinnati.example",
            "from_email": "no-reply@truhealing-cincinnati.example",
        },
        "settings": {
            "clinic_name": "TruHealing Cincinnati",
            "phone": "+18886439118",
            "phone_display": "(888) 643-9118",
            "locality": "Cincinnati",
            "region": "OH",
            "service_areas": "Cincinnati\nHamilton County\nButler County\n"
            "Northern Kentucky",
            "time_zone": "America/New_York",
            "office_hours": office_hours(
                WEEKDAY_HOURS
                + [{"weekday": "5", "opens": "09:00:00", "closes": "13:00:00"}]
            ),
            "brand_colour": "#1d5c63",
        },
        "home": {
            "title": "TruHealing Cincinnati",
            "seo_title": "Outpatient addiction treatment in Cincinnati",
            "search_description": (
                "Intensive outpatient care in Cincinnati, with a door that stays open "
                "if you stepped away from treatment."
            ),
            "hero_heading": "Stepped away from treatment? The door is still open.",
            "hero_text": (
                "Whether you missed one group or a whole season, you can come back "
                "to care in Cincinnati. No lecture, no starting from scratch unless "
                "you want to."
            ),
            "body": [
                heading("What coming back looks like"),
                paragraph(
                    "<p>You call or send a short request. Someone from our admissions "
                    "team gets back to you, usually the same business day, and asks "
                    "what is different now. Together you decide which level of care "
                    "fits your week: intensive outpatient, a lighter outpatient "
                    "schedule, or one-to-one sessions first.</p>"
                ),
                heading("Built around real lives"),
                paragraph(
                    "<p>Morning and evening groups, telehealth check-ins, and help "
                    "sorting out insurance. If a schedule or a group did not work "
                    "last time, tell us; we would rather change the plan than lose "
                    "you again.</p>"
                ),
                cta(
                    "Ready to talk it through?",
                    "A call is the fastest way. If calling feels like too much today, "
                    "that is fine too: read a little more and reach out when you can.",
                ),
            ],
        },
        "contact": {
            "slug": "contact",
            "title": "Ask about coming back",
            "show_in_menus": True,
            "intro": (
                "<p>Whether you left last week or last year, you can pick up where "
                "it makes sense for you now. Tell us how to reach you; there is "
                "nothing to prepare and nothing to explain in the form.</p>"
            ),
            "form_heading": "Send a return request",
            "form_intro": "Our Cincinnati admissions team reads every request.",
        },
        "pages": [
            {
                "slug": "about",
                "show_in_menus": True,
                "title": "About TruHealing Cincinnati",
                "intro": "Outpatient treatment for substance use and mental health, "
                "close to home.",
                "body": [
                    paragraph(
                        "<p>Our Cincinnati team runs intensive outpatient and "
                        "outpatient programs for adults. Care combines group work, "
                        "individual therapy and peer support, and it adapts when "
                        "life gets in the way.</p>"
                    ),
                    heading("Who we serve"),
                    paragraph(
                        "<p>Adults in Cincinnati, Hamilton and Butler counties and "
                        "Northern Kentucky, including people who started treatment "
                        "before and paused it.</p>"
                    ),
                ],
            },
            {
                "slug": "privacy-policy",
                "title": "Privacy policy",
                "intro": "Demo text. Replace it with the clinic's reviewed policy "
                "before going live.",
                "body": [
                    heading("What we collect"),
                    paragraph(
                        "<p>When you send a return request we keep the contact "
                        "details you give us, so that our admissions team can reach "
                        "you. Please do not include health details in the form.</p>"
                    ),
                    heading("Who sees it"),
                    paragraph(
                        "<p>Only this clinic's admissions staff. We do not sell your "
                        "information or use third-party trackers on this site.</p>"
                    ),
                ],
            },
        ],
    },
    {
        "site_name": "Tal Behavioral Health Cleveland",
        "logo_text": "Tal Behavioral Health",
        "hostname": "tal.localhost",
        "is_default_site": False,
        "home_slug": "tal-cleveland",
        "notices": {
            "disclaimer": {
                "name": "Medical disclaimer (Tal Behavioral Health)",
                "body": (
                    "<p>The stories we share are meant to offer hope. First-person "
                    "accounts are fictional or blended unless stated otherwise. This "
                    "site does not replace medical advice and cannot promise any "
                    "outcome; a licensed provider can help with your situation.</p>"
                ),
            },
            "response_time_notice": {
                "name": "Response time (Tal Behavioral Health)",
                "body": "<p>We reply the same business day.</p>",
            },
            "after_hours_notice": {
                "name": "After hours (Tal Behavioral Health)",
                "body": (
                    "<p>Sent in the evening or over the weekend? Your request waits "
                    "safely, and our intake team calls you first thing on the next "
                    "business day.</p>"
                ),
            },
            "footer_text": {
                "name": "Footer text (Tal Behavioral Health)",
                "body": (
                    "<p>Intensive outpatient treatment in Cleveland, Ohio. Demo "
                    "content for development.</p>"
                ),
            },
        },
        "demo_users": "tal",
        "routing": {
            "lead_inboxes": "intake@tal-cleveland.example",
            "from_email": "no-reply@tal-cleveland.example",
        },
        "settings": {
            "clinic_name": "Tal Behavioral Health Cleveland",
            "phone": "+12164804860",
            "phone_display": "(216) 480-4860",
            "locality": "Cleveland",
            "region": "OH",
            "service_areas": "Cleveland\nCuyahoga County\nLake County\nLorain County",
            "time_zone": "America/New_York",
            "office_hours": office_hours(WEEKDAY_HOURS),
            "brand_colour": "#5b2a86",
        },
        "home": {
            "title": "Tal Behavioral Health Cleveland",
            "seo_title": "Intensive outpatient program in Cleveland",
            "search_description": (
                "IOP in Cleveland for people starting treatment and for people "
                "coming back after a pause."
            ),
            "hero_heading": "You paused. You did not fail.",
            "hero_text": (
                "Walking away from a program happens. Coming back is a normal part "
                "of recovery at Tal, and you will not have to explain yourself to "
                "walk back in."
            ),
            "body": [
                heading("No roll call, no blacklist"),
                paragraph(
                    "<p>We keep your earlier work on file so you do not have to retell "
                    "everything. A short check-in tells us what to change: the time "
                    "of day, the group, or how much one-to-one support you get.</p>"
                ),
                heading("Care that fits around work and family"),
                paragraph(
                    "<p>Day and evening IOP tracks, virtual sessions when getting "
                    "across town is hard, and an admissions team that helps you check "
                    "your coverage before you commit.</p>"
                ),
                cta(
                    "When you are ready, so are we",
                    "Call us and ask for admissions. It can be a five-minute "
                    "conversation; nothing has to be decided on the first call.",
                ),
            ],
        },
        "contact": {
            "slug": "contact",
            "title": "Come back to Tal",
            "show_in_menus": True,
            "intro": (
                "<p>Leaving a program early happens, and it does not close the door "
                "here. Leave a name and a way to reach you, and someone from our "
                "Cleveland intake team will get in touch.</p>"
            ),
            "form_heading": "Ask us to reach out",
            "form_intro": "It takes a minute. A first name is enough.",
        },
        "pages": [
            {
                "slug": "about",
                "show_in_menus": True,
                "title": "About Tal Behavioral Health",
                "intro": "An intensive outpatient program in Cleveland, Ohio.",
                "body": [
                    paragraph(
                        "<p>Tal Behavioral Health offers day and evening intensive "
                        "outpatient tracks for adults working on substance use and "
                        "mental health. Clients come from across Northeast Ohio.</p>"
                    ),
                    heading("Coming back"),
                    paragraph(
                        "<p>Many people in our groups have been in treatment "
                        "before. Returning is expected here, not an exception.</p>"
                    ),
                ],
            },
            {
                "slug": "privacy-policy",
                "title": "Privacy policy",
                "intro": "Demo text. Replace it with the clinic's reviewed policy "
                "before going live.",
                "body": [
                    heading("Your request stays with Tal"),
                    paragraph(
                        "<p>Contact details you send through this site go only to "
                        "Tal's intake team in Cleveland. Leave health details out of "
                        "the form; we will talk about them privately.</p>"
                    ),
                    heading("No trackers"),
                    paragraph(
                        "<p>This site loads no advertising or analytics scripts from "
                        "other companies.</p>"
                    ),
                ],
            },
        ],
    },
]


def logo_svg(text, brand_colour):
    """A simple demo logo for the header, white on the clinic's colour: a door
    standing open in a rounded square, and the clinic's short name (set in the
    browser's own sans-serif). Returns (SVG, width); 48 px high."""
    width = 64 + round(len(text) * 10.5)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="48" '
        f'viewBox="0 0 {width} 48">'
        '<rect width="48" height="48" rx="11" fill="#fff"/>'
        f'<path d="M15 38V17a9 9 0 0 1 18 0v21" fill="none" stroke="{brand_colour}" '
        'stroke-width="5" stroke-linecap="round"/>'
        f'<path d="M21 38V24l8-3v17" fill="{brand_colour}"/>'
        f'<text x="60" y="31" fill="#fff" font-family="system-ui, sans-serif" '
        f'font-size="18" font-weight="700">{text}</text>'
        "</svg>"
    )
    return svg, width
