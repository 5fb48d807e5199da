"""Original demo copy for the clinic blogs: posts, testimonials, FAQ sets and images.

Written for this project as demonstration content. Testimonials are composite,
fictional stories. Figures in callouts are well-known public figures, each with
its source named; nothing here states facts about the clinics beyond their names,
cities and phone numbers. blog/demo.py loads this data.
"""

# program is one of: "iop", "php", "outpatient", "alumni", "family"
TESTIMONIALS = {
    "truhealing-cincinnati": [
        {
            "key": "th-ghosted",
            "quote": (
                "I stopped answering their calls for about a month because I was "
                "embarrassed. When I finally picked up, nobody asked me to explain "
                "myself. They just asked when I could come in."
            ),
            "attribution": "IOP Client",
            "year": 2024,
            "program": "iop",
            "is_composite": True,
        },
        {
            "key": "th-relapse-call",
            "quote": (
                "I thought I had to stay clean for a week before I was allowed "
                "back. That wasn't true, and I'm glad I called anyway."
            ),
            "attribution": "IOP Client",
            "year": 2024,
            "program": "iop",
            "is_composite": True,
        },
        {
            "key": "th-schedule",
            "quote": (
                "The first time, I tried to squeeze groups in around a job that "
                "was wearing me down. Coming back, we planned the schedule first, "
                "and this time it held."
            ),
            "attribution": "IOP Client",
            "year": 2023,
            "program": "iop",
            "is_composite": True,
        },
        {
            "key": "th-alumni",
            "quote": (
                "Leaving early didn't end my recovery. Coming back is the part I'm "
                "proudest of."
            ),
            "attribution": "IOP Alumni",
            "year": 2025,
            "program": "alumni",
            "is_composite": True,
        },
    ],
    "tal-cleveland": [
        {
            "key": "tal-second-try",
            "quote": (
                "I walked out in the middle of my third week. Coming back two "
                "months later felt awkward for about ten minutes, and then it just "
                "felt like group again."
            ),
            "attribution": "IOP Client",
            "year": 2024,
            "program": "iop",
            "is_composite": True,
        },
        {
            "key": "tal-relapse",
            "quote": (
                "I used again and figured that was the end of it for me. My "
                "counselor treated it as something to learn from, not something to "
                "punish."
            ),
            "attribution": "IOP Client",
            "year": 2024,
            "program": "iop",
            "is_composite": True,
        },
        {
            "key": "tal-sister",
            "quote": (
                "My sister sat next to me while I made the call. I didn't need a "
                "speech from her, just company."
            ),
            "attribution": "Outpatient Client",
            "year": 2023,
            "program": "outpatient",
            "is_composite": True,
        },
        {
            "key": "tal-shame",
            "quote": (
                "The hardest part was sitting in the parking lot. Once I was "
                "inside, the room felt normal again, and that got me to the next "
                "session."
            ),
            "attribution": "IOP Client",
            "year": 2025,
            "program": "iop",
            "is_composite": True,
        },
    ],
}

FAQ_SETS = {
    "truhealing-cincinnati": [
        {
            "key": "th-returning",
            "title": "Returning to IOP",
            "items": [
                {
                    "question": (
                        "Can I come back if I stopped going without telling anyone?"
                    ),
                    "answer": (
                        "<p>Yes. People step away from treatment for many reasons, "
                        "and stopping without notice is one of the most common. "
                        "When you reach out, the conversation will be about what "
                        "you need now.</p>"
                    ),
                },
                {
                    "question": "Do I need to be sober before I return?",
                    "answer": (
                        "<p>No. You don't have to earn your way back in. If you've "
                        "been using, tell us, so we can make sure you get the "
                        "right level of care. Sometimes that means a medical check "
                        "comes first.</p>"
                    ),
                },
                {
                    "question": "Will I have to repeat everything from the start?",
                    "answer": (
                        "<p>Not necessarily. We'll look at what you completed, "
                        "what has changed and what you want from treatment this "
                        "time, and build the plan from there.</p>"
                    ),
                },
                {
                    "question": "Can my schedule be different this time?",
                    "answer": (
                        "<p>Please ask. Tell us what got in the way last time, "
                        "whether it was work hours, child care or getting a ride, "
                        "and we'll talk through the options that are "
                        "available.</p>"
                    ),
                },
                {
                    "question": "How do I get started?",
                    "answer": (
                        "<p>Call TruHealing Cincinnati at <b>(888) 643-9118</b>, "
                        "or send a return request through the form on this site. A "
                        "short conversation is enough to begin.</p>"
                    ),
                },
            ],
        },
    ],
    "tal-cleveland": [
        {
            "key": "tal-returning",
            "title": "Coming back to IOP",
            "items": [
                {
                    "question": "Is it too late to come back?",
                    "answer": (
                        "<p>There's no deadline. Whether you left last week or "
                        "last year, you can reach out, and we'll talk about where "
                        "things stand today.</p>"
                    ),
                },
                {
                    "question": "Do I have to explain why I left?",
                    "answer": (
                        "<p>Only as much as you want to. Knowing what made it hard "
                        "can help us plan, but you won't be asked to justify "
                        "yourself.</p>"
                    ),
                },
                {
                    "question": "What if I've used since I stopped coming?",
                    "answer": (
                        "<p>Please reach out anyway. Returning to use is common in "
                        "recovery. It's useful information for your care, not a "
                        "reason to turn you away. Being honest about it helps us "
                        "recommend the right level of support.</p>"
                    ),
                },
                {
                    "question": "Will I be in the same group as before?",
                    "answer": (
                        "<p>Maybe, maybe not. Groups change over time. If you'd "
                        "feel more comfortable in a different group or with a "
                        "different counselor, say so, and we'll look at what's "
                        "possible.</p>"
                    ),
                },
                {
                    "question": "How do I take the first step?",
                    "answer": (
                        "<p>Call Tal Behavioral Health in Cleveland at <b>(216) "
                        "480-4860</b>, or leave your details in the return request "
                        "form and we'll reach out to you.</p>"
                    ),
                },
            ],
        },
    ],
}

# Demo images are generated as coloured placeholders: each needs a key and a title.
IMAGES = [
    {
        "key": "morning-walk",
        "title": "Illustration: a path toward a rising sun",
    },
    {
        "key": "kitchen-table",
        "title": "Illustration: a notebook and a mug",
    },
    {
        "key": "open-door",
        "title": "Illustration: an open door",
    },
    {
        "key": "group-chairs",
        "title": "Illustration: a circle of chairs",
    },
    {
        "key": "river-bridge",
        "title": "Illustration: a footbridge over a river",
    },
    {
        "key": "phone-call",
        "title": "Illustration: a phone during a call",
    },
]

POSTS = {
    "truhealing-cincinnati": [
        {
            "slug": "coming-back-after-a-missed-month",
            "title": ("Coming Back to IOP After a Missed Month: A Step-by-Step Guide"),
            "seo_title": "Coming Back to IOP After a Missed Month",
            "search_description": (
                "Stopped going to IOP for a few weeks? A calm, practical guide to "
                "reconnecting with treatment at TruHealing Cincinnati, one step at "
                "a time."
            ),
            "intro": (
                "A few missed sessions can quietly turn into a month. If that's "
                "where you are, this guide walks through how to reconnect with "
                "intensive outpatient treatment in Cincinnati, one small step at a "
                "time."
            ),
            "date_published": "2026-09-14",
            "author_name": "TruHealing Cincinnati admissions team",
            "reviewer_name": "Clinical review team",
            "reviewer_credentials": "",
            "topics": [
                "returning to treatment",
                "IOP",
                "first steps",
            ],
            "hero_image": "morning-walk",
            "hero_image_alt": (
                "Illustration: a path leading through green hills toward a rising sun."
            ),
            "body": [
                {
                    "type": "paragraph",
                    "value": (
                        "<p>It rarely starts as a decision. A shift runs late, a "
                        "kid gets sick, a hard session leaves you drained, and "
                        "skipping the next one feels easier. Then the weeks stack "
                        "up, and going back starts to feel much bigger than it "
                        "really is.</p><p>If you've been away from your intensive "
                        "outpatient program (IOP) for a while, this guide is for "
                        "you. Nothing here requires you to have it all figured "
                        "out.</p>"
                    ),
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "1. Know that stepping away is common",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>People leave treatment early for all kinds of reasons, "
                        "and most of them have nothing to do with not caring. "
                        "Treatment asks a lot of your time and energy, often while "
                        "the rest of life keeps making demands too.</p>"
                    ),
                },
                {
                    "type": "list",
                    "value": {
                        "style": "bulleted",
                        "items": [
                            (
                                "Work hours changed, or a new job didn't leave "
                                "room for sessions"
                            ),
                            "Child care or transportation fell through",
                            "Group brought up feelings that were hard to sit with",
                            ("You started using again and didn't want anyone to know"),
                            ("You felt better and decided you didn't need it anymore"),
                        ],
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>None of these reasons rules you out. They're simply "
                        "part of what we'll plan around when you come back.</p>"
                    ),
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "2. Look back with curiosity, not blame",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Before you reach out, it can help to spend a few "
                        "minutes thinking about what made attending hard. Not to "
                        "build a case against yourself, but to gather clues.</p>"
                    ),
                },
                {
                    "type": "list",
                    "value": {
                        "style": "numbered",
                        "items": [
                            "What was going on during the week you first missed?",
                            "Which part of the program felt most useful?",
                            "Which part felt like too much, too soon?",
                            (
                                "Who in your life knew you were in treatment, and "
                                "who didn't?"
                            ),
                        ],
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Jot your answers down if that helps. Even a few words "
                        "in a notes app can make the first conversation "
                        "easier.</p>"
                    ),
                },
                {
                    "type": "image",
                    "value": {
                        "image": "kitchen-table",
                        "alt_text": (
                            "Illustration: an open notebook and a steaming mug on a "
                            "table."
                        ),
                        "caption": (
                            "A few notes about what got in the way last time can "
                            "make the first call easier."
                        ),
                    },
                },
                {
                    "type": "heading",
                    "value": {
                        "text": ("3. Remember what the research says about setbacks"),
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Addiction is a chronic condition. Like other chronic "
                        "conditions, it often includes stretches of doing well and "
                        "stretches of struggling. A lapse, or a break from "
                        "treatment, is a signal to adjust the plan. It isn't proof "
                        "that treatment can't work for you.</p>"
                    ),
                },
                {
                    "type": "callout",
                    "value": {
                        "heading": "Setbacks are part of many recoveries",
                        "stats": [
                            {
                                "value": "40–60%",
                                "label": (
                                    "estimated relapse rate for substance use "
                                    "disorders, similar to other chronic illnesses"
                                ),
                            },
                        ],
                        "text": (
                            "NIDA compares addiction to conditions like high blood "
                            "pressure and asthma: when symptoms come back, it "
                            "usually means treatment should be resumed or "
                            "adjusted, not that it has failed."
                        ),
                        "source": "National Institute on Drug Abuse (NIDA)",
                    },
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "4. Make contact, even if it feels awkward",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>The first call or message is often the hardest part. "
                        "You don't need a polished explanation. One plain sentence "
                        "is plenty:</p>"
                    ),
                },
                {
                    "type": "quote",
                    "value": {
                        "quote": (
                            "“I was in IOP a while back, I stopped coming, and I'd "
                            "like to talk about starting again.”"
                        ),
                        "attribution": "",
                        "style": "pull",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>You can call, or use the return request form below if "
                        "talking on the phone feels like too much right now. "
                        "Either way, someone from our Cincinnati team will follow "
                        "up with you.</p>"
                    ),
                },
                {
                    "type": "testimonial",
                    "value": "th-ghosted",
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "5. Be honest about where things stand today",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>When you reconnect, we'll ask how you've been doing "
                        "since you stopped coming, including any substance use. "
                        "Honesty here isn't a confession. It helps us recommend "
                        "the right level of care so you're safe and "
                        "supported.</p><p>If you've been drinking heavily or "
                        "taking benzodiazepines, say so early. Stopping those "
                        "suddenly can be medically risky, and a medical check may "
                        "need to come first.</p>"
                    ),
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "6. Shape the plan around your real life",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Coming back is a chance to set things up differently. "
                        "Tell us plainly what got in the way, and we'll talk "
                        "through what could help this time.</p>"
                    ),
                },
                {
                    "type": "list",
                    "value": {
                        "style": "bulleted",
                        "items": [
                            (
                                "A different time of day for sessions, if that's "
                                "an option"
                            ),
                            (
                                "More one-on-one time if group felt overwhelming "
                                "at first"
                            ),
                            (
                                "A clear plan for what happens after a missed "
                                "session, so one absence doesn't turn into ten"
                            ),
                            (
                                "Help thinking through work, school or family "
                                "obligations"
                            ),
                        ],
                    },
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "7. Build support that reaches past the program",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>IOP fills part of your week. The rest of the week "
                        "matters too. Think about who and what can hold you steady "
                        "between sessions.</p>"
                    ),
                },
                {
                    "type": "list",
                    "value": {
                        "style": "bulleted",
                        "items": [
                            "One person you can text when a day goes sideways",
                            (
                                "A mutual-support meeting, online or in person, "
                                "that fits your schedule"
                            ),
                            (
                                "A short daily routine: a walk, a real meal, a set "
                                "bedtime"
                            ),
                            (
                                "Important numbers saved in advance, including "
                                "your treatment team and the 988 Suicide & Crisis "
                                "Lifeline"
                            ),
                        ],
                    },
                },
                {
                    "type": "testimonial",
                    "value": "th-alumni",
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "8. Give yourself credit for coming back",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Returning takes courage, especially if it isn't your "
                        "first time. It means you're still willing to work on your "
                        "recovery, and that willingness is worth noticing.</p>"
                    ),
                },
                {
                    "type": "faq",
                    "value": {
                        "heading": "Questions people ask before coming back",
                        "faq_set": None,
                        "items": [
                            {
                                "question": (
                                    "Will the staff be upset that I stopped coming?"
                                ),
                                "answer": (
                                    "<p>No. Our job is to help you get care, not "
                                    "to keep score. The conversation will focus on "
                                    "what you need now.</p>"
                                ),
                            },
                            {
                                "question": "What if I stop coming again?",
                                "answer": (
                                    "<p>Then we'd want to hear from you again. It "
                                    "can help to agree ahead of time on what "
                                    "happens after a missed session, such as a "
                                    "check-in call, so one absence is easier to "
                                    "bounce back from.</p>"
                                ),
                            },
                            {
                                "question": (
                                    "Can I reach out if my last program was "
                                    "somewhere else?"
                                ),
                                "answer": (
                                    "<p>Yes. We'll talk about your treatment "
                                    "history and what kind of care fits you "
                                    "now.</p>"
                                ),
                            },
                            {
                                "question": (
                                    "What if I'm not sure IOP is the right fit anymore?"
                                ),
                                "answer": (
                                    "<p>That's a good question to raise. Depending "
                                    "on how you've been doing, a different level "
                                    "of care may fit better for now. We'll explain "
                                    "the options and decide together.</p>"
                                ),
                            },
                        ],
                    },
                },
                {
                    "type": "testimonial",
                    "value": "th-relapse-call",
                },
                {
                    "type": "cta",
                    "value": {
                        "heading": "Ready to talk about coming back?",
                        "text": (
                            "Call TruHealing Cincinnati at (888) 643-9118. Whether "
                            "you've been away a week or a year, we'll help you "
                            "figure out the next step."
                        ),
                        "link_text": "",
                        "link_page": None,
                    },
                },
                {
                    "type": "lead_form",
                    "value": {
                        "heading": "Ask about returning to IOP",
                        "intro": (
                            "Not ready to call? Leave your name and the best way "
                            "to reach you, and our Cincinnati team will get in "
                            "touch."
                        ),
                    },
                },
            ],
        },
        {
            "slug": "what-to-say-when-you-call-back",
            "title": "What to Say When You Call to Come Back to Treatment",
            "seo_title": "What to Say When You Call to Return to IOP",
            "search_description": (
                "Nervous about calling after leaving IOP? Simple phrases, what the "
                "call usually covers and answers to common questions from "
                "TruHealing Cincinnati."
            ),
            "intro": (
                "Picking up the phone after time away from treatment can feel "
                "huge. Here are a few simple things you can say, and what usually "
                "happens next."
            ),
            "date_published": "2026-06-02",
            "author_name": "TruHealing Cincinnati admissions team",
            "reviewer_name": "",
            "reviewer_credentials": "",
            "topics": [
                "first steps",
                "returning to treatment",
            ],
            "hero_image": "phone-call",
            "hero_image_alt": (
                "Illustration: a phone with sound waves, as during a call."
            ),
            "body": [
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Plenty of people draft the call in their head for "
                        "days. They rehearse what they'll say about why they left, "
                        "what has happened since and why this time will be "
                        "different. Then the pressure to say it all perfectly "
                        "keeps them from calling at all.</p><p>You don't need a "
                        "speech. You need a sentence or two, and a few minutes "
                        "with someone from TruHealing Cincinnati who is ready to "
                        "listen.</p>"
                    ),
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "Short things you can say",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Pick whichever one sounds most like you, or mix and "
                        "match:</p>"
                    ),
                },
                {
                    "type": "list",
                    "value": {
                        "style": "bulleted",
                        "items": [
                            (
                                "“I used to come to IOP, and I'd like to talk "
                                "about starting again.”"
                            ),
                            "“I stopped showing up a while ago. Can I come back?”",
                            "“I've been using again, and I think I need help.”",
                            (
                                "“I'm not sure what I need, but I know I need "
                                "something.”"
                            ),
                            "“I'm calling for myself, and I'm nervous.”",
                        ],
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Any one of these is enough to get started. The person "
                        "on the other end of the line will take it from there.</p>"
                    ),
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "What you don't need before you call",
                        "level": "h2",
                    },
                },
                {
                    "type": "list",
                    "value": {
                        "style": "bulleted",
                        "items": [
                            "A tidy explanation of why you stopped coming",
                            "A promise that this time will go perfectly",
                            "A certain number of days without using",
                            "Every detail of your insurance figured out",
                        ],
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>If your insurance card is handy, great. If not, that "
                        "can wait until later.</p>"
                    ),
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "What the call usually covers",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Every situation is different, but a first conversation "
                        "generally touches on a few basics so we can point you "
                        "toward the right care:</p>"
                    ),
                },
                {
                    "type": "list",
                    "value": {
                        "style": "numbered",
                        "items": [
                            (
                                "How you've been doing lately, including any "
                                "recent substance use"
                            ),
                            (
                                "Physical or mental health concerns that need "
                                "attention now"
                            ),
                            "What got in the way of attending before",
                            (
                                "Your schedule, transportation and other practical "
                                "details"
                            ),
                            "Any insurance or payment questions you have",
                        ],
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>You can say “I'd rather not get into that yet” to any "
                        "question. It's your conversation too, and you set the "
                        "pace.</p>"
                    ),
                },
                {
                    "type": "quote",
                    "value": {
                        "quote": (
                            "You don't have to tell the whole story on the first "
                            "call. Start with where you are today."
                        ),
                        "attribution": "",
                        "style": "pull",
                    },
                },
                {
                    "type": "testimonial",
                    "value": "th-relapse-call",
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "If calling feels like too much",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Some people find it easier to write first. You can use "
                        "the return request form on this site and ask us to reach "
                        "out at a time that suits you. It's also fine to ask a "
                        "friend or family member to sit with you while you make "
                        "the call.</p><p>If you're in crisis, don't wait: call or "
                        "text <b>988</b> to reach the 988 Suicide &amp; Crisis "
                        "Lifeline, or call 911 in an emergency.</p>"
                    ),
                },
                {
                    "type": "callout",
                    "value": {
                        "heading": "Free help, any hour",
                        "stats": [
                            {
                                "value": "24/7",
                                "label": (
                                    "SAMHSA's National Helpline, 1-800-662-4357: "
                                    "free, confidential treatment referral and "
                                    "information"
                                ),
                            },
                        ],
                        "text": (
                            "If you want to talk through treatment options late at "
                            "night or on a holiday, SAMHSA's helpline is open "
                            "every day of the year, in English and Spanish."
                        ),
                        "source": (
                            "Substance Abuse and Mental Health Services "
                            "Administration (SAMHSA)"
                        ),
                    },
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "After you hang up",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Once the call is over, give yourself a little credit. "
                        "Then write down anything you agreed on, like a start date "
                        "or a time for a follow-up call, and put it somewhere "
                        "you'll see it. If nerves creep back in before your first "
                        "session, that's normal. Showing up nervous still counts "
                        "as showing up.</p>"
                    ),
                },
                {
                    "type": "faq",
                    "value": {
                        "heading": "Common questions about returning",
                        "faq_set": "th-returning",
                        "items": [],
                    },
                },
                {
                    "type": "cta",
                    "value": {
                        "heading": "Make the call when you're ready",
                        "text": (
                            "Call TruHealing Cincinnati at (888) 643-9118. One or "
                            "two sentences is all it takes to get started."
                        ),
                        "link_text": "",
                        "link_page": None,
                    },
                },
            ],
        },
        {
            "slug": "fitting-iop-back-into-a-busy-week",
            "title": "Fitting IOP Back Into a Busy Week",
            "seo_title": "Fitting IOP Back Into a Busy Week in Cincinnati",
            "search_description": (
                "Work, kids and bills don't pause for treatment. Practical ways to "
                "plan your week so returning to IOP in Cincinnati feels doable."
            ),
            "intro": (
                "If your schedule is what pulled you away from IOP last time, it "
                "makes sense to plan the schedule first this time. Here's a "
                "practical way to start."
            ),
            "date_published": "2026-03-10",
            "author_name": "",
            "reviewer_name": "",
            "reviewer_credentials": "",
            "topics": [
                "IOP",
                "planning your week",
                "returning to treatment",
            ],
            "hero_image": None,
            "hero_image_alt": "",
            "body": [
                {
                    "type": "paragraph",
                    "value": (
                        "<p>For many people in Cincinnati, intensive outpatient "
                        "treatment has to fit around a full life: a job, a "
                        "commute, kids, appointments and bills. When one of those "
                        "pieces shifts, treatment is often the first thing to "
                        "give.</p><p>Coming back is a good moment to look at your "
                        "week honestly and build a plan that can bend without "
                        "breaking.</p>"
                    ),
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "Know what IOP asks of your time",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Intensive outpatient care is designed to be "
                        "substantial while still letting you live at home and keep "
                        "up with daily responsibilities. Your exact schedule "
                        "depends on your treatment plan, so ask us what yours "
                        "would look like.</p>"
                    ),
                },
                {
                    "type": "callout",
                    "value": {
                        "heading": "What “intensive outpatient” means",
                        "stats": [
                            {
                                "value": "9+ hours",
                                "label": (
                                    "of services per week for adults at ASAM Level "
                                    "2.1, intensive outpatient"
                                ),
                            },
                        ],
                        "text": (
                            "Those hours are usually spread across several days of "
                            "group and individual sessions. Knowing the general "
                            "shape of the week makes it easier to plan around."
                        ),
                        "source": (
                            "American Society of Addiction Medicine (ASAM) Criteria"
                        ),
                    },
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "Map a typical week",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Grab a sheet of paper or open a calendar app, and "
                        "block out the fixed things first:</p>"
                    ),
                },
                {
                    "type": "list",
                    "value": {
                        "style": "numbered",
                        "items": [
                            "Work or school hours, including travel time",
                            ("Child care pickups, drop-offs and other family duties"),
                            "Regular appointments you can't easily move",
                            "Treatment sessions, once you know your schedule",
                            "Time to rest, eat and sleep, which counts too",
                        ],
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Seeing everything in one place shows you the pinch "
                        "points before they catch you off guard.</p>"
                    ),
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "Plan for the week that goes wrong",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Last time, one rough week may have been enough to "
                        "knock treatment off the calendar. This time, decide ahead "
                        "of time what you'll do when things go sideways.</p>"
                    ),
                },
                {
                    "type": "list",
                    "value": {
                        "style": "bulleted",
                        "items": [
                            "Have a backup ride or bus route for session days",
                            (
                                "Ask one person to be your go-to for child care in "
                                "a pinch"
                            ),
                            (
                                "Agree with your counselor on what happens if you "
                                "miss a session"
                            ),
                            (
                                "Keep your treatment team's number saved where you "
                                "can find it fast"
                            ),
                        ],
                    },
                },
                {
                    "type": "image",
                    "value": {
                        "image": "group-chairs",
                        "alt_text": (
                            "Illustration: a circle of chairs, seen from above."
                        ),
                        "caption": (
                            "Group sessions are one part of the week. Planning the "
                            "rest of it helps you get there."
                        ),
                    },
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "Talking to work about treatment",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Whether to tell your employer is a personal decision. "
                        "Some people only share that they have recurring medical "
                        "appointments. Others feel comfortable saying more. If "
                        "you're unsure of your rights, your human resources "
                        "department or an employment lawyer can explain what "
                        "protections may apply to you.</p>"
                    ),
                },
                {
                    "type": "quote",
                    "value": {
                        "quote": (
                            "A plan that expects a few bad days is stronger than a "
                            "plan that expects none."
                        ),
                        "attribution": "",
                        "style": "pull",
                    },
                },
                {
                    "type": "testimonial",
                    "value": "th-schedule",
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "Protect the time in between",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Sessions are only part of the picture. Recovery also "
                        "happens in the hours between them. Guard a little time "
                        "each day for something that steadies you, whether that's "
                        "a walk, a phone call with a friend or ten quiet minutes "
                        "before bed. Small routines are easier to keep than big "
                        "resolutions.</p>"
                    ),
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "Start with the next step, not the whole month",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>You don't need every week mapped out before you reach "
                        "out. Bring what you know about your schedule to the first "
                        "conversation, and we'll work on the rest together.</p>"
                    ),
                },
                {
                    "type": "cta",
                    "value": {
                        "heading": "Let's look at your schedule together",
                        "text": (
                            "Call TruHealing Cincinnati at (888) 643-9118 to talk "
                            "about returning to IOP and what your week could look "
                            "like."
                        ),
                        "link_text": "",
                        "link_page": None,
                    },
                },
                {
                    "type": "lead_form",
                    "value": {
                        "heading": "Tell us the best time to reach you",
                        "intro": (
                            "Share your name, how to contact you and the times "
                            "that work for you, and our Cincinnati team will "
                            "follow up."
                        ),
                    },
                },
            ],
        },
    ],
    "tal-cleveland": [
        {
            "slug": "returning-to-iop-after-a-relapse",
            "title": "Returning to IOP After a Relapse: What Happens Next",
            "seo_title": "Returning to IOP After a Relapse in Cleveland",
            "search_description": (
                "Used again after leaving IOP? You can still come back. What to "
                "expect when you return to treatment at Tal Behavioral Health in "
                "Cleveland."
            ),
            "intro": (
                "A relapse can make treatment feel out of reach, as if you've lost "
                "the right to ask for help. You haven't. Here's what coming back "
                "to intensive outpatient care in Cleveland can look like."
            ),
            "date_published": "2026-10-06",
            "author_name": "Tal Behavioral Health team",
            "reviewer_name": "Clinical review team",
            "reviewer_credentials": "",
            "topics": [
                "relapse",
                "returning to treatment",
                "IOP",
            ],
            "hero_image": "river-bridge",
            "hero_image_alt": "Illustration: an arched footbridge over a calm river.",
            "body": [
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Maybe you'd been doing well. Maybe you'd been "
                        "struggling for a while before you stopped coming to "
                        "group. Either way, you used again, and now the idea of "
                        "walking back in feels heavy.</p><p>This post is here to "
                        "make that walk a little lighter. It covers what a relapse "
                        "does and doesn't mean, what to expect when you return, "
                        "and how to set things up so this round fits your life "
                        "better.</p>"
                    ),
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "1. A relapse is information, not a verdict",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Addiction changes how the brain handles stress, reward "
                        "and self-control, and those changes don't disappear the "
                        "day you stop using. That's one reason returning to use is "
                        "common, even for people who are working hard at "
                        "recovery.</p>"
                    ),
                },
                {
                    "type": "callout",
                    "value": {
                        "heading": "You're not the exception",
                        "stats": [
                            {
                                "value": "40–60%",
                                "label": (
                                    "estimated relapse rate for people treated for "
                                    "substance use disorders"
                                ),
                            },
                        ],
                        "text": (
                            "NIDA notes that this is similar to relapse rates for "
                            "other chronic illnesses, such as high blood pressure "
                            "and asthma. A return of symptoms is a sign to resume "
                            "or adjust treatment."
                        ),
                        "source": "National Institute on Drug Abuse (NIDA)",
                    },
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "2. Put safety first",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>If you've used recently, a few safety points matter "
                        "before anything else:</p>"
                    ),
                },
                {
                    "type": "list",
                    "value": {
                        "style": "bulleted",
                        "items": [
                            (
                                "After a break from opioids, tolerance drops, so "
                                "an amount you used to take can cause an overdose. "
                                "Keep naloxone (Narcan) nearby and try not to use "
                                "alone."
                            ),
                            (
                                "Stopping alcohol or benzodiazepines suddenly "
                                "after heavy use can be medically dangerous. Talk "
                                "with a medical provider before you quit."
                            ),
                            (
                                "If someone is unresponsive or breathing very "
                                "slowly, call 911."
                            ),
                            (
                                "If you're thinking about harming yourself, call "
                                "or text 988 at any time."
                            ),
                        ],
                    },
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "3. What to expect when you reach out",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>When you contact us, the first conversation is about "
                        "the present: how you're doing, what you've been using and "
                        "what kind of support makes sense now. We may suggest an "
                        "updated assessment. That isn't a test you can fail. It "
                        "simply helps your care team see what has changed.</p>"
                    ),
                },
                {
                    "type": "list",
                    "value": {
                        "style": "numbered",
                        "items": [
                            (
                                "You reach out by phone or through the return "
                                "request form."
                            ),
                            (
                                "We talk through recent use, health concerns and "
                                "what's happening at home."
                            ),
                            (
                                "Together, we look at whether IOP fits right now "
                                "or whether another level of care would help "
                                "first."
                            ),
                            (
                                "We plan a start date and a schedule you can "
                                "realistically keep."
                            ),
                        ],
                    },
                },
                {
                    "type": "image",
                    "value": {
                        "image": "open-door",
                        "alt_text": (
                            "Illustration: a door standing open, with warm light "
                            "coming through."
                        ),
                        "caption": (
                            "Returning after a relapse starts with one "
                            "conversation about where you are today."
                        ),
                    },
                },
                {
                    "type": "testimonial",
                    "value": "tal-relapse",
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "4. Look at what led up to it",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>In treatment, a relapse is something to understand "
                        "together. Looking back at the days and weeks before it "
                        "can reveal patterns you can plan for next time. Your "
                        "counselor might ask about:</p>"
                    ),
                },
                {
                    "type": "list",
                    "value": {
                        "style": "bulleted",
                        "items": [
                            "Stress at work, at home or with money",
                            "Sleep, appetite and physical pain",
                            "People and places connected to past use",
                            "Feelings that were hard to name or share",
                            "Warning signs you noticed but brushed aside",
                        ],
                    },
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "5. Let go of the “starting from zero” story",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>It's easy to believe a relapse wipes everything out. "
                        "It doesn't. The skills you practiced, the things you "
                        "learned about yourself and the people you connected with "
                        "are still yours. Coming back means building on all of "
                        "that.</p>"
                    ),
                },
                {
                    "type": "quote",
                    "value": {
                        "quote": (
                            "Using again doesn't cancel the work you did before. "
                            "It shows you where your plan needs more support."
                        ),
                        "attribution": "",
                        "style": "pull",
                    },
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "6. Change what didn't work",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>If something about your last stretch of treatment "
                        "didn't fit, tell us. It's useful for your care team to "
                        "know, and it's your treatment. You might ask about:</p>"
                    ),
                },
                {
                    "type": "list",
                    "value": {
                        "style": "bulleted",
                        "items": [
                            "A different group time or a different group",
                            "More individual sessions alongside group",
                            "Bringing a family member or friend into your plan",
                            ("Help with practical barriers, like getting to sessions"),
                        ],
                    },
                },
                {
                    "type": "testimonial",
                    "value": "tal-second-try",
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "7. Make a plan for the next hard moment",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Recovery tends to move in loops more than straight "
                        "lines. If you notice yourself sliding again, the sooner "
                        "you say something, the easier it is to adjust. Make a "
                        "simple agreement with yourself now: if I start to slip, "
                        "I'll tell someone within a day.</p>"
                    ),
                },
                {
                    "type": "faq",
                    "value": {
                        "heading": "Questions about coming back after a relapse",
                        "faq_set": None,
                        "items": [
                            {
                                "question": "Will I be judged for using again?",
                                "answer": (
                                    "<p>No. Returning to use is a common part of "
                                    "recovery, and our focus is on helping you "
                                    "move forward. Being honest about it helps us "
                                    "plan the right care.</p>"
                                ),
                            },
                            {
                                "question": (
                                    "Do I need to detox before returning to IOP?"
                                ),
                                "answer": (
                                    "<p>It depends on what you've been using and "
                                    "how much. Some people need medical withdrawal "
                                    "support first. We'll talk it through and help "
                                    "you find the right starting point.</p>"
                                ),
                            },
                            {
                                "question": (
                                    "What if I relapse again after I come back?"
                                ),
                                "answer": (
                                    "<p>Then we keep working. Tell your counselor "
                                    "as soon as you can, so your plan can change "
                                    "with you.</p>"
                                ),
                            },
                            {
                                "question": (
                                    "Can I come back if I was in a different "
                                    "program before?"
                                ),
                                "answer": (
                                    "<p>Yes. You can reach out to Tal Behavioral "
                                    "Health in Cleveland even if your earlier "
                                    "treatment was somewhere else.</p>"
                                ),
                            },
                        ],
                    },
                },
                {
                    "type": "testimonial",
                    "value": "tal-shame",
                },
                {
                    "type": "cta",
                    "value": {
                        "heading": "You can still come back",
                        "text": (
                            "Call Tal Behavioral Health in Cleveland at (216) "
                            "480-4860. Tell us where things stand today, and we'll "
                            "help you plan the next step."
                        ),
                        "link_text": "",
                        "link_page": None,
                    },
                },
                {
                    "type": "lead_form",
                    "value": {
                        "heading": "Request a call back",
                        "intro": (
                            "If a phone call feels like too much right now, leave "
                            "your contact details and a good time to reach you. "
                            "Our Cleveland team will follow up."
                        ),
                    },
                },
            ],
        },
        {
            "slug": "when-shame-says-dont-go-back",
            "title": "When Shame Tells You Not to Go Back to Treatment",
            "seo_title": "When Shame Keeps You From Going Back to IOP",
            "search_description": (
                "Shame can make returning to IOP feel impossible. How to recognize "
                "it, answer it kindly and take a small step back toward care in "
                "Cleveland."
            ),
            "intro": (
                "Shame is one of the most common things that keeps people away "
                "from treatment after they leave. It's loud, but it isn't always "
                "right."
            ),
            "date_published": "2026-04-21",
            "author_name": "Tal Behavioral Health team",
            "reviewer_name": "",
            "reviewer_credentials": "",
            "topics": [
                "shame and stigma",
                "returning to treatment",
                "first steps",
            ],
            "hero_image": "morning-walk",
            "hero_image_alt": (
                "Illustration: a path leading through green hills toward a rising sun."
            ),
            "body": [
                {
                    "type": "paragraph",
                    "value": (
                        "<p>After leaving IOP, many people end up thinking some "
                        "version of the same thought: <i>I can't face them.</i> "
                        "Usually nobody said anything harsh. The weight comes from "
                        "the story they tell themselves about what leaving "
                        "means.</p><p>That story is often shame talking. Here's "
                        "how to notice it, and how to answer it, whether you're in "
                        "Cleveland or anywhere else.</p>"
                    ),
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "What shame sounds like",
                        "level": "h2",
                    },
                },
                {
                    "type": "list",
                    "value": {
                        "style": "bulleted",
                        "items": [
                            "“I already had my chance.”",
                            "“Everyone will know I failed.”",
                            "“I should be able to handle this on my own by now.”",
                            "“They're tired of people like me.”",
                        ],
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>These thoughts can feel like facts, especially late at "
                        "night. They aren't facts. They're feelings dressed up as "
                        "conclusions.</p>"
                    ),
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "Guilt and shame aren't the same thing",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Guilt says, <i>I did something I regret.</i> Shame "
                        "says, <i>something is wrong with me.</i> Guilt can nudge "
                        "you toward repair, like making a phone call. Shame tends "
                        "to push you toward hiding.</p><p>Noticing which one "
                        "you're feeling can loosen its grip. You can regret "
                        "missing sessions and still deserve care.</p>"
                    ),
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "Answer it the way you'd answer a friend",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>If a friend told you they were too embarrassed to go "
                        "back to treatment, you probably wouldn't agree that "
                        "they'd blown it. Try offering yourself the same "
                        "kindness:</p>"
                    ),
                },
                {
                    "type": "list",
                    "value": {
                        "style": "numbered",
                        "items": [
                            "Name the thought: “That's shame again.”",
                            "Ask what a kind friend would say back.",
                            "Pick one small action you can take today.",
                            "Take it, even if the feeling is still there.",
                        ],
                    },
                },
                {
                    "type": "quote",
                    "value": {
                        "quote": (
                            "You don't have to stop feeling ashamed before you ask "
                            "for help. You can bring the feeling with you."
                        ),
                        "attribution": "",
                        "style": "pull",
                    },
                },
                {
                    "type": "testimonial",
                    "value": "tal-shame",
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "What returning actually looks like",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Coming back is usually far less dramatic than the "
                        "version in your head. There's a conversation about how "
                        "you're doing, some practical planning and a date to "
                        "start. Your care team's focus is on what helps you now, "
                        "not on grading your past.</p><p>If it helps, you can "
                        "bring a trusted person into the process, or start with "
                        "the return request form instead of a phone call.</p>"
                    ),
                },
                {
                    "type": "callout",
                    "value": {
                        "heading": "A small step counts",
                        "stats": [],
                        "text": (
                            "You don't have to commit to anything on a first call. "
                            "Asking a few questions is a perfectly good place to "
                            "start."
                        ),
                        "source": "",
                    },
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "Where shame comes from",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Addiction still carries a lot of stigma. Many people "
                        "absorb harsh messages about substance use from family, TV "
                        "or the internet long before they ever need treatment, and "
                        "those messages stick. Noticing that some of your shame "
                        "was learned from the world around you can make it easier "
                        "to question.</p>"
                    ),
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "Be patient with the feeling",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Shame doesn't usually vanish all at once. It tends to "
                        "fade a little each time you do the thing it told you that "
                        "you couldn't do. The first session back might feel "
                        "uncomfortable. The second is often easier. Let progress "
                        "be gradual.</p>"
                    ),
                },
                {
                    "type": "faq",
                    "value": {
                        "heading": "Questions about coming back",
                        "faq_set": "tal-returning",
                        "items": [],
                    },
                },
                {
                    "type": "cta",
                    "value": {
                        "heading": "Take one small step",
                        "text": (
                            "Call Tal Behavioral Health in Cleveland at (216) "
                            "480-4860. You can start by asking questions, with no "
                            "pressure to have it all decided."
                        ),
                        "link_text": "",
                        "link_page": None,
                    },
                },
            ],
        },
        {
            "slug": "helping-someone-you-love-come-back",
            "title": "How to Help Someone You Love Come Back to IOP",
            "seo_title": "Helping a Loved One Return to IOP",
            "search_description": (
                "When someone you care about leaves treatment, what you say "
                "matters. Gentle ways to support their return to IOP in Cleveland "
                "without pushing."
            ),
            "intro": (
                "Watching someone you love step away from treatment is hard. These "
                "ideas can help you support their return without turning every "
                "talk into a fight."
            ),
            "date_published": "2026-07-15",
            "author_name": "",
            "reviewer_name": "",
            "reviewer_credentials": "",
            "topics": [
                "family support",
                "returning to treatment",
            ],
            "hero_image": "kitchen-table",
            "hero_image_alt": (
                "Illustration: an open notebook and a steaming mug on a table."
            ),
            "body": [
                {
                    "type": "paragraph",
                    "value": (
                        "<p>If your partner, child, parent or friend has stopped "
                        "going to their intensive outpatient program, you may be "
                        "feeling worry, frustration and helplessness all at once. "
                        "All of that makes sense.</p><p>You can't make anyone go "
                        "back to treatment. But the way you show up can make "
                        "returning feel more possible, whether they're in "
                        "Cleveland or across the state.</p>"
                    ),
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "Start with connection, not a lecture",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>When people feel cornered, they tend to defend "
                        "themselves. When they feel cared for, they're more likely "
                        "to listen. Choose a calm moment, not the middle of an "
                        "argument or right after they've been using.</p>"
                    ),
                },
                {
                    "type": "list",
                    "value": {
                        "style": "bulleted",
                        "items": [
                            (
                                "Lead with what you've noticed and how you feel: "
                                "“I miss seeing you doing well.”"
                            ),
                            ("Ask open questions: “What made it hard to keep going?”"),
                            (
                                "Listen more than you talk, even when it's "
                                "uncomfortable."
                            ),
                            (
                                "Skip ultimatums unless you're truly ready to "
                                "follow through."
                            ),
                        ],
                    },
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "Offer practical help",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Sometimes the biggest barrier to going back is "
                        "logistics. A specific offer can remove one obstacle:</p>"
                    ),
                },
                {
                    "type": "list",
                    "value": {
                        "style": "numbered",
                        "items": [
                            "Offer a ride to the first session back.",
                            "Cover an afternoon of child care or pet care.",
                            "Sit with them while they make the call.",
                            (
                                "Help them find any paperwork or insurance cards "
                                "they'll need."
                            ),
                        ],
                    },
                },
                {
                    "type": "testimonial",
                    "value": "tal-sister",
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "If they've started using again",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Try not to treat a relapse as the end of the story. "
                        "It's common, and it's a reason to reconnect with care, "
                        "not a reason for shame.</p><p>If you're worried about "
                        "their safety, learn the signs of an overdose, keep "
                        "naloxone on hand if opioids are involved, and call 911 in "
                        "an emergency.</p>"
                    ),
                },
                {
                    "type": "callout",
                    "value": {
                        "heading": "Support for you, too",
                        "stats": [
                            {
                                "value": "1-800-662-4357",
                                "label": (
                                    "SAMHSA's National Helpline: free, "
                                    "confidential treatment referral and "
                                    "information, 24/7"
                                ),
                            },
                        ],
                        "text": (
                            "Family members can call too, for information about "
                            "treatment and referrals to local support groups. The "
                            "line is open every day of the year, in English and "
                            "Spanish."
                        ),
                        "source": (
                            "Substance Abuse and Mental Health Services "
                            "Administration (SAMHSA)"
                        ),
                    },
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "Take care of yourself along the way",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Supporting someone through addiction is tiring. You're "
                        "allowed to have limits and to look after your own health. "
                        "A family support group, a counselor of your own or a "
                        "trusted friend can help you keep going without burning "
                        "out.</p><p>It also helps to remember what is and isn't "
                        "yours to carry. You can offer love, honesty and practical "
                        "help. Their recovery is still theirs.</p>"
                    ),
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "What to avoid saying",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Even well-meant words can land hard when someone "
                        "already feels low. Try to steer clear of comparisons, “I "
                        "told you so” and reminders of every past attempt. Focus "
                        "on today, and on the next small step.</p>"
                    ),
                },
                {
                    "type": "heading",
                    "value": {
                        "text": "When they're ready",
                        "level": "h2",
                    },
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>When your loved one says they want to try again, keep "
                        "it simple. Help them reach out while the moment is there, "
                        "and let them lead the conversation with the treatment "
                        "team.</p>"
                    ),
                },
                {
                    "type": "lead_form",
                    "value": {
                        "heading": "Ask us to reach out",
                        "intro": (
                            "Your loved one can leave their contact details here "
                            "to ask about returning to IOP in Cleveland. You're "
                            "welcome to fill it in together."
                        ),
                    },
                },
                {
                    "type": "cta",
                    "value": {
                        "heading": "Questions about helping someone return?",
                        "text": (
                            "Call Tal Behavioral Health in Cleveland at (216) "
                            "480-4860. We can explain how returning to IOP works "
                            "and what the first steps look like."
                        ),
                        "link_text": "",
                        "link_page": None,
                    },
                },
            ],
        },
    ],
}
