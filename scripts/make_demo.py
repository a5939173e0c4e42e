"""Write the demo network shipped in ``src/referralgraph/datasets/demo/`` (deterministic).

The story: Maya Chen, a final-year cognitive science student at Lakeshore University,
spends June to September 2026 moving towards UX research and product work. Her
alumni contact Priya Kapoor starts the branch that, eight introductions later,
reaches the hiring manager of an associate UX researcher role at Kitewell; other
branches (a cold email to a product manager, a LinkedIn message to a data
scientist) go quiet, often after a slow or missing thank-you. Every person and
organisation is fictional.

Run from the repository root::

    python3 scripts/make_demo.py

The people, organisations and conversations below are written by hand; the day
offsets between an introduction and the next conversation come from a seeded
``random.Random``, and the script checks the rules the demo promises (dates
increase down every branch, nothing after 2026-09-30, each introduction on or
after the introducer's first conversation) before it writes anything.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "referralgraph" / "datasets" / "demo"
LAST_DAY = dt.date(2026, 9, 30)
SEEKER = "maya"

PEOPLE: list[dict] = []


def person(id, name, org, role, field, parent, status="met", take="", **opts):
    PEOPLE.append(
        dict(id=id, name=name, org=org, role=role, field=field, parent=parent, status=status, take=take, **opts)
    )


M, I, S = "met", "introduced", "suggested"  # noqa: E741 (I for "introduced", beside M and S)

# ---- generation 1: people Maya reached herself ---------------------------------------------
person(
    "prof-okafor",
    "Ada Okafor",
    "Lakeshore University",
    "Associate Professor of Cognitive Science",
    "academia",
    SEEKER,
    M,
    "Research methods coursework counts as experience; name the studies.",
    source="existing",
    reach="2026-06-01",
    hw="yes",
    tags="mentor;faculty",
    fu=("coffee", "Check-in: narrowed targets to health tech and edtech research roles."),
    note="Supervised Maya's senior thesis on notification fatigue",
)
person(
    "beth-a",
    "Beth Alvarez",
    "Lakeshore University",
    "Career Advisor",
    "career services",
    SEEKER,
    M,
    "Informational interviews first, applications second; track every thank-you.",
    source="existing",
    reach="2026-06-02",
    kind="coffee",
    tags="career-center",
    fu=("call", "Mid-search review: 40+ conversations, focus on the Kitewell lead."),
)
person(
    "priya-k",
    "Priya Kapoor",
    "Fernway",
    "UX Research Manager",
    "UX research",
    SEEKER,
    M,
    "Portfolio should show one study end to end, including what went wrong.",
    source="alumni",
    reach="2026-06-04",
    hw="date",
    tags="alumni;mentor;portfolio-review",
    fu=("call", "Portfolio review: cut to two case studies, lead with the research question."),
    note="Lakeshore alum (2018); found through the alumni directory",
)
person(
    "david-p",
    "David Park",
    "Nimbus Cloudworks",
    "Engineering Manager",
    "engineering",
    SEEKER,
    M,
    "Engineers value researchers who can read a query and a log.",
    source="existing",
    reach="2026-06-05",
    kind="coffee",
    prep="no",
    tags="family-friend",
)
person(
    "sam-t",
    "Sam Torres",
    "Sundial Mobility",
    "Product Manager",
    "product management",
    SEEKER,
    M,
    "Transit apps hire researchers on contract first.",
    source="cold-email",
    reach="2026-06-09",
    kind="call",
    ty="none",
    tags="transit",
    note="Replied to the third cold email",
)
person(
    "kenji-n",
    "Kenji Nakamura",
    "Copperline Bank",
    "Data Scientist",
    "data science",
    SEEKER,
    M,
    "Banks are slow to hire juniors into research.",
    source="linkedin",
    reach="2026-06-12",
    kind="call",
    ty="late",
    ask="yes",
    tags="fintech",
)
person(
    "rachel-b",
    "Rachel Brooks",
    "Atlas Learning",
    "Senior Product Manager",
    "product management",
    SEEKER,
    M,
    "Edtech teams want researchers who have taught or tutored.",
    source="alumni",
    reach="2026-06-16",
    hw="date",
    tags="alumni;edtech",
    fu=("coffee", "Resume review: outcomes instead of duties, one page."),
)
person(
    "jordan-m",
    "Jordan Miller",
    "Bluebird Studio",
    "Product Designer",
    "design",
    SEEKER,
    M,
    "Join the meetup's critique nights; designers hire from there.",
    source="event",
    reach="2026-06-18",
    kind="event",
    prep="no",
    tags="meetup",
    note="Met at the Lakefront UX Meetup, June session",
)
person(
    "hana-i",
    "Hana Ito",
    "Wavelength Media",
    "Content Designer",
    "content design",
    SEEKER,
    M,
    "Content design is a side door into research at media companies.",
    source="linkedin",
    reach="2026-07-20",
    kind="call",
    prep="no",
    tags="media",
)
person(
    "carlos-d",
    "Carlos Diaz",
    "Trellis Talent",
    "Technical Recruiter",
    "recruiting",
    SEEKER,
    M,
    "Agency recruiters place contract researchers; keep the profile current.",
    source="event",
    reach="2026-09-03",
    kind="event",
    prep="no",
    tags="recruiter;career-fair",
    note="Lakeshore fall career fair, booth 14",
)

# ---- Priya's branch: eight generations to the Kitewell hiring manager ------------------------
person(
    "marcus-o",
    "Marcus Okoye",
    "Harbor & Finch",
    "Senior Product Designer",
    "design",
    "priya-k",
    M,
    "Agencies let juniors see many products quickly.",
    tags="agency",
    note='Said "show the messy middle, not just the polish"; great portfolio advice',
)
person(
    "elena-r",
    "Elena Rossi",
    "Quillmark",
    "Research Operations Lead",
    "UX research",
    "marcus-o",
    M,
    "Research ops roles are a real entry point; learn participant recruiting.",
    hw="yes",
    tags="research-ops",
)
person(
    "jamal-h",
    "Jamal Hassan",
    "Orbital Pay",
    "Product Manager",
    "product management",
    "elena-r",
    M,
    "PMs want researchers who frame findings as decisions.",
    tags="fintech",
)
person(
    "nina-s",
    "Nina Sato",
    "Kitewell",
    "Senior UX Researcher",
    "UX research",
    "jamal-h",
    M,
    "Kitewell is opening an associate researcher role in the autumn.",
    hw="date",
    tags="kitewell;hiring",
    fu=("call", "Mock synthesis exercise; feedback: cluster by behaviour, not by feature."),
)
person(
    "grace-l",
    "Grace Lee",
    "Kitewell",
    "Director of Research",
    "UX research",
    "nina-s",
    M,
    "The team values mixed methods and clear writing.",
    hw="date",
    tags="kitewell;hiring",
    fu=("coffee", "Confirmed the associate role opens in September; offered a referral via recruiting."),
)
person(
    "omar-f",
    "Omar Farah",
    "Kitewell",
    "University Recruiter",
    "recruiting",
    "grace-l",
    M,
    "Apply through the referral portal, not the job board.",
    kind="call",
    hw="yes",
    tags="kitewell;referral",
    fu=("call", "Referral submitted for the associate UX researcher role; loop in October."),
)
person(
    "helen-t",
    "Helen Tran",
    "Kitewell",
    "UX Research Manager",
    "UX research",
    "omar-f",
    I,
    tags="kitewell;hiring-manager",
    after_fu=True,
    inote="Omar cc'd her on the referral; she will reach out to schedule",
    note="Hiring manager for the associate role; first-round interview planned for early October",
)
person(
    "wei-z",
    "Wei Zhang",
    "Kitewell",
    "Data Scientist",
    "data science",
    "grace-l",
    M,
    "Research and analytics pair on every launch at Kitewell.",
    kind="coffee",
    ask="no",
    tags="kitewell",
)
person(
    "tess-w", "Tess Walsh", "Kitewell", "Research Operations Coordinator", "UX research", "nina-s", S, tags="kitewell"
)
person(
    "ravi-p",
    "Ravi Patel",
    "Orbital Pay",
    "Senior Data Scientist",
    "data science",
    "jamal-h",
    M,
    "Learn enough SQL to answer your own questions.",
    tags="fintech",
)
person("lucia-m", "Lucia Mendez", "Prism Fintech", "UX Researcher", "UX research", "ravi-p", I, tags="fintech")
person(
    "rafael-m",
    "Rafael Mendes",
    "Quillmark",
    "Senior UX Researcher",
    "UX research",
    "elena-r",
    M,
    "Diary studies are underused; a good portfolio piece.",
    ask="no",
)
person(
    "sofia-g",
    "Sofia Garcia",
    "Quillmark",
    "Content Designer",
    "content design",
    "elena-r",
    M,
    "Writing samples matter as much as study plans.",
    kind="coffee",
    ask="no",
)
person("ben-a", "Ben Abbott", "Quillmark", "Engineering Manager", "engineering", "elena-r", S)
person(
    "isaac-n",
    "Isaac Novak",
    "Harbor & Finch",
    "Design Director",
    "design",
    "marcus-o",
    M,
    "Agency pace is fast; show you can scope a study to a week.",
)
person("chloe-d", "Chloe Dubois", "Saltmarsh Studios", "Product Designer", "design", "isaac-n", I)
person(
    "mei-w",
    "Mei Wong",
    "Fernway",
    "UX Researcher",
    "UX research",
    "priya-k",
    M,
    "Travel research is seasonal; hiring happens in spring.",
    kind="coffee",
    tags="travel",
)
person(
    "theo-s",
    "Theo Schmidt",
    "Marigold Travel",
    "Product Manager",
    "product management",
    "mei-w",
    M,
    "Not hiring this year.",
    kind="call",
    ask="no",
    ty="none",
    tags="travel",
)
person(
    "arjun-b",
    "Arjun Bhatt",
    "Fernway",
    "Research Program Manager",
    "UX research",
    "priya-k",
    M,
    "Program managers decide which studies get funded.",
    kind="call",
    ask="no",
)

# ---- Professor Okafor's branches -------------------------------------------------------------
person(
    "dana-w",
    "Dana Whitfield",
    "Brightline Health",
    "UX Researcher",
    "UX research",
    "prof-okafor",
    M,
    "Health tech values ethics training; mention the IRB work.",
    tags="alumni;healthtech",
)
person(
    "felix-b",
    "Felix Bauer",
    "Brightline Health",
    "Senior UX Researcher",
    "UX research",
    "dana-w",
    M,
    "Accessibility research is an underserved niche.",
    tags="healthtech;accessibility",
)
person(
    "marta-p",
    "Marta Pires",
    "Brightline Health",
    "Design Researcher",
    "UX research",
    "felix-b",
    M,
    "Clinician interviews need a different script.",
    kind="coffee",
    ask="no",
    tags="healthtech",
)
person(
    "amara-a",
    "Amara Adeyemi",
    "Sparrow Health",
    "Head of Research",
    "UX research",
    "felix-b",
    M,
    "Start in research ops or as a contractor, then move to studies.",
    hw="yes",
    tags="healthtech;hiring",
)
person(
    "yusuf-y",
    "Yusuf Yilmaz",
    "Aurora Telehealth",
    "Research Manager",
    "UX research",
    "amara-a",
    M,
    "Telehealth teams are growing; check back in January.",
    tags="healthtech",
)
person("ines-c", "Ines Costa", "Aurora Telehealth", "Product Designer", "design", "yusuf-y", I, tags="healthtech")
person(
    "kavya-s", "Kavya Shah", "Sparrow Health", "Product Manager", "product management", "amara-a", S, tags="healthtech"
)
person(
    "naomi-q",
    "Naomi Quinn",
    "Pinecrest Medical Center",
    "Patient Experience Lead",
    "operations",
    "dana-w",
    M,
    "Hospitals hire service designers, rarely UX researchers.",
    kind="call",
    ty="none",
    tags="healthtech",
)
person(
    "li-wei",
    "Li Wei",
    "Tessellate Analytics",
    "Analytics Manager",
    "data science",
    "prof-okafor",
    M,
    "Quantitative skills make a researcher hard to replace.",
    tags="alumni;analytics",
)
person(
    "emeka-o",
    "Emeka Obi",
    "Tessellate Analytics",
    "Data Scientist",
    "data science",
    "li-wei",
    M,
    "Survey design is where research and data science meet.",
    kind="coffee",
)
person(
    "samir-d",
    "Samir Desai",
    "Tessellate Analytics",
    "Machine Learning Engineer",
    "engineering",
    "emeka-o",
    M,
    "Not much overlap with research at his team.",
    kind="call",
    ask="no",
    ty="none",
)
person(
    "sara-l",
    "Sara Lindqvist",
    "Riverstone Consulting",
    "Senior Consultant",
    "consulting",
    "li-wei",
    M,
    "Consulting research is interview-heavy and fast.",
    ty="late",
    tags="consulting",
)
person("leo-f", "Leo Fischer", "Riverstone Consulting", "Engagement Manager", "consulting", "sara-l", S)
person(
    "zoe-h",
    "Zoe Hughes",
    "Lakeshore University",
    "PhD Candidate, HCI Lab",
    "academia",
    "prof-okafor",
    M,
    "Civic tech labs take research fellows for six months.",
    kind="coffee",
    tags="hci",
)
person(
    "kai-m",
    "Kai Morales",
    "Meridian Civic Lab",
    "Service Designer",
    "design",
    "zoe-h",
    M,
    "Public-sector research means plain language and accessibility.",
    tags="civic-tech",
)
person(
    "rosa-v",
    "Rosa Varga",
    "Meridian Civic Lab",
    "User Researcher",
    "UX research",
    "kai-m",
    M,
    "Fellowship applications open in November.",
    tags="civic-tech;fellowship",
)
person(
    "diego-c",
    "Diego Castillo",
    "Lumen Commons",
    "Product Manager",
    "product management",
    "rosa-v",
    I,
    tags="civic-tech",
)

# ---- Career center ----------------------------------------------------------------------------
person(
    "andre-l",
    "Andre Lopez",
    "Lakeshore University",
    "Alumni Relations Officer",
    "career services",
    "beth-a",
    M,
    "Alumni mentoring program pairs students by industry.",
    kind="call",
    ty="late",
)
person(
    "olivia-k",
    "Olivia Kim",
    "Greenleaf Foods",
    "Consumer Insights Manager",
    "marketing",
    "andre-l",
    M,
    "Consumer insights is market research with a UX flavour.",
    ty="late",
    tags="alumni;retail",
)
person(
    "cyrus-n",
    "Cyrus Navabi",
    "Greenleaf Foods",
    "Data Analyst",
    "data science",
    "olivia-k",
    M,
    "Dashboards, not research; not a fit.",
    kind="call",
    ask="no",
    ty="none",
)
person(
    "malik-u",
    "Malik Usman",
    "Cobalt Games",
    "Games User Researcher",
    "UX research",
    "andre-l",
    M,
    "Playtest moderation is a good first portfolio piece.",
    tags="alumni;games",
)
person(
    "yara-h",
    "Yara Haddad",
    "Cobalt Games",
    "Senior Product Designer",
    "design",
    "malik-u",
    M,
    "Games studios crunch; ask about hours.",
    kind="coffee",
    ask="no",
    tags="games",
)
person(
    "kira-s",
    "Kira Sokolova",
    "Cobalt Games",
    "Research Operations Specialist",
    "UX research",
    "malik-u",
    M,
    "Playtest recruiting coordinator role may open.",
    tags="games",
)
person("tomas-e", "Tomas Eriksen", "Hollow Oak Games", "Producer", "product management", "malik-u", S, tags="games")
person(
    "fatima-r",
    "Fatima Reyes",
    "Lakeshore University",
    "Employer Relations Manager",
    "career services",
    "beth-a",
    M,
    "Kitewell and Atlas Learning recruit on campus in the autumn.",
    kind="call",
    ask="no",
)

# ---- The meetup ------------------------------------------------------------------------------
person(
    "bianca-p",
    "Bianca Petrov",
    "Bluebird Studio",
    "Design Director",
    "design",
    "jordan-m",
    M,
    "Bring a research plan to a design critique.",
    tags="agency",
)
person(
    "eli-g",
    "Eli Gupta",
    "Stratus Maps",
    "UX Researcher",
    "UX research",
    "bianca-p",
    M,
    "Maps teams run many quick unmoderated tests.",
    kind="call",
    ty="late",
    tags="maps",
)
person(
    "ming-h",
    "Ming Ho",
    "Stratus Maps",
    "Senior UX Researcher",
    "UX research",
    "eli-g",
    M,
    "Take-home exercises: two pages, no more.",
    kind="call",
    ask="no",
    tags="maps",
)
person("nadia-k", "Nadia Kowalski", "Stratus Maps", "Product Manager", "product management", "eli-g", I, tags="maps")
person(
    "keisha-m",
    "Keisha Mbeki",
    "Harbor & Finch",
    "Content Strategist",
    "content design",
    "jordan-m",
    M,
    "Content strategy portfolios are mostly before-and-after.",
    kind="coffee",
    ask="no",
    ty="late",
)
person(
    "noah-y",
    "Noah Young",
    "Kitewell",
    "Product Designer",
    "design",
    "jordan-m",
    M,
    "Kitewell designers sit with researchers; ask Nina about the team.",
    kind="coffee",
    ask="no",
    ty="late",
    tags="kitewell",
)

# ---- Quiet branches ---------------------------------------------------------------------------
person(
    "julia-s",
    "Julia Silva",
    "Sundial Mobility",
    "UX Researcher",
    "UX research",
    "sam-t",
    M,
    "Team frozen until next year.",
    kind="call",
    ask="no",
    ty="late",
    tags="transit",
)
person(
    "tariq-f", "Tariq Farouk", "Tandem Rideshare", "Product Manager", "product management", "sam-t", S, tags="transit"
)
person(
    "maria-s",
    "Maria Santos",
    "Copperline Bank",
    "Data Analyst",
    "data science",
    "kenji-n",
    M,
    "Analyst roles only; research sits in marketing.",
    kind="call",
    ask="no",
    ty="none",
    tags="fintech",
)
person("hiro-t", "Hiro Tanaka", "Basalt Data", "Senior Data Scientist", "data science", "kenji-n", I)

# ---- Rachel's edtech branch -------------------------------------------------------------------
person(
    "daniel-c",
    "Daniel Cho",
    "Atlas Learning",
    "UX Researcher",
    "UX research",
    "rachel-b",
    M,
    "Teachers are the hardest participants to schedule.",
    tags="edtech",
)
person(
    "lara-n",
    "Lara Nguyen",
    "Atlas Learning",
    "Senior UX Researcher",
    "UX research",
    "daniel-c",
    M,
    "Write findings as a one-page memo.",
    tags="edtech",
)
person(
    "owen-b",
    "Owen Blake",
    "Atlas Learning",
    "Design Manager",
    "design",
    "lara-n",
    M,
    "Junior roles open after the January planning cycle.",
    kind="call",
    ask="no",
    tags="edtech",
)
person(
    "ingrid-j",
    "Ingrid Jensen",
    "Oakhurst Publishing",
    "Product Manager",
    "product management",
    "lara-n",
    M,
    "Publishing is moving to learning platforms; researchers needed.",
    tags="edtech;publishing",
)
person("kwame-a", "Kwame Asante", "Oakhurst Publishing", "Data Scientist", "data science", "ingrid-j", S)
person(
    "emma-w",
    "Emma Weber",
    "Redwood Public Schools",
    "Instructional Designer",
    "design",
    "rachel-b",
    M,
    "District pilots need evaluation help; volunteer work counts.",
    kind="coffee",
    ask="no",
    ty="late",
    tags="education",
)
person(
    "deepa-r",
    "Deepa Rao",
    "Quillmark",
    "Product Manager",
    "product management",
    "rachel-b",
    M,
    "Quillmark's research team is three people and growing.",
    kind="call",
    tags="edtech",
)
person("uma-p", "Uma Pillai", "Quillmark", "Product Marketing Manager", "marketing", "deepa-r", I)

# ---- Family friend David -------------------------------------------------------------------------
person(
    "alex-r",
    "Alex Romero",
    "Nimbus Cloudworks",
    "Senior Software Engineer",
    "engineering",
    "david-p",
    M,
    "Developer tools need researchers who can follow technical talk.",
    kind="coffee",
    ty="late",
)
person(
    "nikhil-v",
    "Nikhil Verma",
    "Nimbus Cloudworks",
    "Product Manager",
    "product management",
    "alex-r",
    M,
    "B2B research means few participants and deep interviews.",
)
person(
    "ivy-c",
    "Ivy Castro",
    "Nimbus Cloudworks",
    "UX Researcher",
    "UX research",
    "nikhil-v",
    M,
    "Shadow a support shift to learn the product.",
    ask="no",
)
person(
    "valeria-m",
    "Valeria Moreau",
    "Parallax Robotics",
    "UX Researcher",
    "UX research",
    "nikhil-v",
    M,
    "Human factors and UX research overlap in robotics.",
    tags="robotics",
)
person(
    "jin-p", "Jin Park", "Parallax Robotics", "Human Factors Engineer", "engineering", "valeria-m", I, tags="robotics"
)
person(
    "lena-h",
    "Lena Hansen",
    "Ironwood Security",
    "Staff Engineer",
    "engineering",
    "david-p",
    M,
    "Security products have terrible onboarding; research is welcome.",
    kind="call",
    ask="no",
)

# ---- Career fair -----------------------------------------------------------------------------------
person(
    "aisha-b",
    "Aisha Bello",
    "Trellis Talent",
    "Talent Partner",
    "recruiting",
    "carlos-d",
    M,
    "Contract-to-hire research roles start in January.",
    tags="recruiter",
)
person(
    "mateo-r",
    "Mateo Ruiz",
    "Mosaic Grocery",
    "Product Manager",
    "product management",
    "aisha-b",
    M,
    "Retail apps want researchers for in-store studies.",
    kind="call",
    ask="no",
    tags="retail",
)
person(
    "paul-k",
    "Paul Kruger",
    "Juniper Legal Tech",
    "Product Manager",
    "product management",
    "aisha-b",
    M,
    "Legal tech is a niche with little competition for researchers.",
    kind="call",
    ask="no",
)
person("gabriel-s", "Gabriel Sousa", "Cedarbrook Insurance", "Recruiting Coordinator", "recruiting", "carlos-d", I)

# ---- Hana's media branch ---------------------------------------------------------------------------
person(
    "ana-d",
    "Ana Dang",
    "Wavelength Media",
    "UX Writer",
    "content design",
    "hana-i",
    M,
    "Media research focuses on subscriptions and churn.",
    tags="media",
)
person(
    "ruth-a",
    "Ruth Amsel",
    "Wavelength Media",
    "Research Lead",
    "UX research",
    "ana-d",
    M,
    "Send a short study critique with the application.",
    ask="no",
    tags="media",
)
person("max-l", "Max Lindgren", "Goldfinch Media", "Product Designer", "design", "ana-d", S, tags="media")

# -------------------------------------------------------------------------------------------------
SLOTS = {
    "informational-interview": ["10:00", "11:00", "14:00", "15:30"],
    "call": ["12:00", "13:30", "16:30"],
    "coffee": ["08:30", "09:00", "16:00"],
    "event": ["18:30"],
}
INTRO_NOTES = {
    "met": [
        "Double opt-in email intro",
        "Intro by email",
        "Cc'd on a short email",
        "Intro over LinkedIn",
        "Warm intro in a group chat",
    ],
    "introduced": ["Intro by email; no reply yet", "Intro by email; sent a follow-up", "Intro made; scheduling"],
    "suggested": ["Name suggested in conversation; no intro yet", "Suggested; said to mention their name"],
}
MEETING_NOTES = {
    "informational-interview": ["30 min video call", "45 min video call", "At their office"],
    "call": ["Phone call", "20 min phone call"],
    "coffee": ["Campus cafe", "Coffee near their office"],
    "event": ["Chatted after the talks"],
}


MENTORS = {"prof-okafor", "beth-a", "priya-k", "rachel-b"}  # asked again for names at the follow-up


def weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def build():
    rng = random.Random(2026)
    by_id = {p["id"]: p for p in PEOPLE}
    order = []  # parents before children
    seen = {SEEKER}
    while len(order) < len(PEOPLE):
        for p in PEOPLE:
            if p["id"] not in seen and p["parent"] in seen:
                order.append(p)
                seen.add(p["id"])
    for p in order:
        kind = p.get("kind", "informational-interview")
        p["kind"] = kind
        if p["parent"] == SEEKER:
            p["intro"] = dt.date.fromisoformat(p["reach"])
        else:
            parent = by_id[p["parent"]]
            gap = 0 if p["status"] == S else rng.randint(1, 6)
            since = parent["fu_meet"] if p.get("after_fu") else parent["meet"]
            p["intro"] = since.date() + dt.timedelta(days=gap)
        if p["status"] == M:
            day = p["intro"] if kind == "event" else weekday(p["intro"] + dt.timedelta(days=rng.randint(3, 10)))
            hh, mm = map(int, rng.choice(SLOTS[kind]).split(":"))
            p["meet"] = dt.datetime.combine(day, dt.time(hh, mm))
            if "fu" in p:
                fu_kind = p["fu"][0]
                fday = weekday(day + dt.timedelta(days=rng.randint(10, 21)))
                hh, mm = map(int, rng.choice(SLOTS[fu_kind]).split(":"))
                p["fu_meet"] = dt.datetime.combine(fday, dt.time(hh, mm))
    return order


def thank_you(meet: dt.datetime, kind: str, rng: random.Random) -> str:
    if kind == "none":
        return ""
    hours = rng.uniform(2, 20) if kind == "ok" else rng.uniform(30, 84)
    sent = meet + dt.timedelta(hours=hours)
    if sent.hour < 7 or sent.hour >= 23:  # written late at night, sent the next morning
        morning = dt.datetime.combine(sent.date() + dt.timedelta(days=sent.hour >= 23), dt.time(7, 15))
        sent = morning + dt.timedelta(minutes=rng.randrange(0, 100, 5))
    if kind == "ok":
        sent = min(sent, meet + dt.timedelta(hours=23, minutes=30))
    return sent.strftime("%Y-%m-%d %H:%M")


def check(order):
    by_id = {p["id"]: p for p in order}
    problems = []
    for p in order:
        last = p.get("fu_meet", p.get("meet"))
        if p["intro"] > LAST_DAY or (last and last.date() > LAST_DAY):
            problems.append(f"{p['id']}: dated after {LAST_DAY}")
        if p["parent"] != SEEKER:
            parent = by_id[p["parent"]]
            if parent["status"] != M or p["intro"] < parent["meet"].date():
                problems.append(f"{p['id']}: introduced before {parent['id']} was met")
    if problems:
        sys.exit("demo story breaks its rules:\n" + "\n".join(problems))


#: Maya's openings, one row per step (issue 24): two came through referrals at the end of long chains, one
#: through a direct contact, two were cold applications; rates in the range of Jobvite's benchmarks (about 1 in
#: 8 applications reaches an interview, referred ones far more often).
OPPORTUNITIES = [
    ["opportunity", "contact", "organization", "role", "stage", "date", "seeker", "notes"],
    [
        "sparrow-ra",
        "amara-a",
        "Sparrow Health",
        "Research Assistant (contract)",
        "lead",
        "2026-07-08",
        SEEKER,
        "Amara mentioned a six-month contract",
    ],
    [
        "sparrow-ra",
        "amara-a",
        "Sparrow Health",
        "Research Assistant (contract)",
        "referred",
        "2026-07-12",
        SEEKER,
        "Amara forwarded my portfolio to the team",
    ],
    ["sparrow-ra", "amara-a", "Sparrow Health", "Research Assistant (contract)", "applied", "2026-07-13", SEEKER, ""],
    [
        "sparrow-ra",
        "amara-a",
        "Sparrow Health",
        "Research Assistant (contract)",
        "interview",
        "2026-07-30",
        SEEKER,
        "Portfolio walk-through with two researchers",
    ],
    [
        "sparrow-ra",
        "amara-a",
        "Sparrow Health",
        "Research Assistant (contract)",
        "rejected",
        "2026-08-14",
        SEEKER,
        "Went to someone with clinical experience",
    ],
    ["northwind-uxr1", "", "Northwind Apps", "UX Researcher I", "applied", "2026-07-10", SEEKER, "Job board"],
    ["northwind-uxr1", "", "Northwind Apps", "UX Researcher I", "rejected", "2026-08-01", SEEKER, "Form e-mail"],
    [
        "kitewell-auxr",
        "omar-f",
        "Kitewell",
        "Associate UX Researcher",
        "lead",
        "2026-08-20",
        SEEKER,
        "Posted on Kitewell's careers page; Nina said it is Helen's team",
    ],
    [
        "kitewell-auxr",
        "omar-f",
        "Kitewell",
        "Associate UX Researcher",
        "referred",
        "2026-09-02",
        SEEKER,
        "Omar submitted the referral after our call",
    ],
    ["kitewell-auxr", "omar-f", "Kitewell", "Associate UX Researcher", "applied", "2026-09-04", SEEKER, ""],
    [
        "kitewell-auxr",
        "omar-f",
        "Kitewell",
        "Associate UX Researcher",
        "interview",
        "2026-09-18",
        SEEKER,
        "First round with Helen Tran",
    ],
    [
        "trellis-contract",
        "carlos-d",
        "Trellis Talent",
        "UX Research Contractor",
        "lead",
        "2026-09-03",
        SEEKER,
        "Agency role for a retail client",
    ],
    ["trellis-contract", "carlos-d", "Trellis Talent", "UX Research Contractor", "applied", "2026-09-05", SEEKER, ""],
    ["cedarbrook-ra", "", "Cedarbrook Insurance", "Research Analyst", "applied", "2026-09-08", SEEKER, "Job board"],
]


def write(order):
    rng = random.Random(11)
    OUT.mkdir(parents=True, exist_ok=True)
    contacts = [
        [
            "id",
            "name",
            "organization",
            "role",
            "field",
            "email",
            "linkedin",
            "first_contact",
            "source",
            "tags",
            "notes",
            "is_seeker",
        ],
        [
            SEEKER,
            "Maya Chen",
            "Lakeshore University",
            "Student, B.S. Cognitive Science (graduating Dec 2026)",
            "UX research",
            "maya.chen@lakeshore.example",
            "https://www.linkedin.com/in/maya-chen-ux-demo",
            "",
            "",
            "seeker",
            "Moving into UX research / product; aiming for associate UX researcher roles",
            "yes",
        ],
    ]
    intros = [["introducer", "introduced", "date", "seeker", "status", "notes"]]
    meetings = [
        [
            "contact",
            "date",
            "seeker",
            "kind",
            "asked_for_introductions",
            "thank_you_sent",
            "handwritten_note",
            "questions_prepared",
            "takeaways",
            "notes",
        ]
    ]
    rows = []
    for p in order:
        first, last = p["name"].split(" ", 1)
        org_slug = "".join(ch for ch in p["org"].lower() if ch.isalnum())
        email = f"{first.lower()}.{last.lower()}@{org_slug}.example" if p["status"] == M and rng.random() < 0.6 else ""
        linkedin = (
            f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{rng.randrange(16**4):04x}"
            if rng.random() < 0.7
            else ""
        )
        contacts.append(
            [
                p["id"],
                p["name"],
                p["org"],
                p["role"],
                p["field"],
                email,
                linkedin,
                "" if p["status"] == S else p["intro"].isoformat(),
                p.get("source", ""),
                p.get("tags", ""),
                p.get("note", ""),
                "no",
            ]
        )
        if p["parent"] == SEEKER:
            note = {
                "alumni": "Alumni directory message",
                "event": "Met in person",
                "cold-email": "Cold email",
                "linkedin": "LinkedIn message",
                "existing": "Already knew them",
            }[p["source"]]
        else:
            note = p.get("inote") or rng.choice(INTRO_NOTES[p["status"]])
        intros.append([p["parent"], p["id"], p["intro"].isoformat(), SEEKER, p["status"], note])
        if p["status"] != M:
            continue
        hw = p.get("hw", "no")
        if hw == "date":
            hw = (p["meet"].date() + dt.timedelta(days=rng.randint(2, 5))).isoformat()
        rows.append(
            (
                p["meet"],
                [
                    p["id"],
                    p["meet"].strftime("%Y-%m-%d %H:%M"),
                    SEEKER,
                    p["kind"],
                    p.get(
                        "ask", "yes" if any(c["parent"] == p["id"] for c in order) else rng.choice(["yes", "yes", "no"])
                    ),
                    thank_you(p["meet"], p.get("ty", "ok"), rng),
                    hw,
                    p.get("prep", "yes"),
                    p["take"],
                    rng.choice(MEETING_NOTES[p["kind"]]),
                ],
            )
        )
        if "fu_meet" in p:
            fu_kind, fu_take = p["fu"]
            ask = "yes" if p["id"] in MENTORS else "no"
            rows.append(
                (
                    p["fu_meet"],
                    [
                        p["id"],
                        p["fu_meet"].strftime("%Y-%m-%d %H:%M"),
                        SEEKER,
                        fu_kind,
                        ask,
                        thank_you(p["fu_meet"], "ok", rng),
                        "no",
                        "yes",
                        fu_take,
                        "Follow-up conversation",
                    ],
                )
            )
    intros[1:] = sorted(intros[1:], key=lambda r: r[2])  # a log, in date order
    meetings += [r for _, r in sorted(rows, key=lambda x: x[0])]
    for name, table in (
        ("contacts", contacts),
        ("introductions", intros),
        ("meetings", meetings),
        ("opportunities", OPPORTUNITIES),
    ):
        with open(OUT / f"{name}.csv", "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh, lineterminator="\n").writerows(table)


if __name__ == "__main__":
    order = build()
    check(order)
    write(order)
    print(f"wrote {OUT}: {len(order) + 1} contacts")
