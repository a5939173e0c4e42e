"""The words and rates of the synthetic cohorts: fields, roles, organizations, names, takeaways, how often."""

from __future__ import annotations

import numpy as np

from ..model.vocabulary import MEETING_KINDS, STATUSES

# ---------------------------------------------------------------- pools
#: fields people work in, with how common they are among a UX/product seeker's contacts
FIELDS = (
    "UX research", "product management", "data science", "design", "engineering",
    "recruiting", "marketing", "consulting", "operations", "academia",
)
_FIELD_P = np.array([0.16, 0.15, 0.12, 0.12, 0.14, 0.08, 0.07, 0.06, 0.05, 0.05])
#: four roles per field, junior to senior
ROLES = {
    "UX research": ("UX Researcher", "Senior UX Researcher", "Research Operations Lead", "Head of Research"),
    "product management": ("Associate Product Manager", "Product Manager", "Senior Product Manager", "Director of Product"),
    "data science": ("Data Analyst", "Data Scientist", "Senior Data Scientist", "Analytics Manager"),
    "design": ("Product Designer", "Senior Product Designer", "Content Designer", "Design Director"),
    "engineering": ("Software Engineer", "Senior Software Engineer", "Staff Engineer", "Engineering Manager"),
    "recruiting": ("Recruiting Coordinator", "Technical Recruiter", "University Recruiter", "Talent Partner"),
    "marketing": ("Marketing Associate", "Product Marketing Manager", "Growth Lead", "Brand Director"),
    "consulting": ("Analyst", "Consultant", "Senior Consultant", "Engagement Manager"),
    "operations": ("Operations Associate", "Program Manager", "Chief of Staff", "Operations Director"),
    "academia": ("PhD Candidate", "Postdoctoral Fellow", "Assistant Professor", "Professor"),
}
_ROLE_TABLE = tuple(r for f in FIELDS for r in ROLES[f])
_ROLE_P = np.array([0.35, 0.3, 0.2, 0.15])
#: fictional organisations (any likeness to a real one is a coincidence)
ORGANIZATIONS = (
    "Brightline Health", "Fernway", "Quillmark", "Harbor & Finch", "Tessellate Analytics", "Orbital Pay",
    "Cedarbrook Insurance", "Lumen Commons", "Kitewell", "Mosaic Grocery", "Parallax Robotics",
    "Sundial Mobility", "Greenleaf Foods", "Atlas Learning", "Copperline Bank", "Nimbus Cloudworks",
    "Pinecrest Medical Center", "Wavelength Media", "Trellis Talent", "Bluebird Studio", "Cobalt Games",
    "Meridian Civic Lab", "Riverstone Consulting", "Sparrow Health", "Northgate Logistics", "Halcyon Energy",
    "Juniper Legal Tech", "Foxglove Retail", "Stratus Maps", "Ironwood Security", "Marigold Travel",
    "Beacon Biotech", "Cascade Outdoor Co.", "Tidewater Analytics", "Oakhurst Publishing", "Prism Fintech",
    "Saltmarsh Studios", "Keystone Manufacturing", "Verdant Agritech", "Aurora Telehealth", "Clearwater Utilities",
    "Lattice Robotics", "Redwood Public Schools", "Summit Credit Union", "Hollow Oak Games", "Tandem Rideshare",
    "Goldfinch Media", "Basalt Data", "Windrose Hotels", "Silverline Insurance",
)
_ORG_P = 1.0 / np.arange(1, len(ORGANIZATIONS) + 1) ** 0.8  # a few large employers, a long tail
_ORG_P /= _ORG_P.sum()
UNIVERSITIES = ("Lakeshore University", "Eastfield State University", "Northbridge College",
                "Westhaven Institute of Technology", "Cedar Valley University")
FIRST_NAMES = (
    "Aisha", "Alex", "Amara", "Ana", "Andre", "Arjun", "Ben", "Bianca", "Carlos", "Chloe", "Dana", "Daniel",
    "Deepa", "Diego", "Elena", "Eli", "Emeka", "Emma", "Fatima", "Felix", "Grace", "Hana", "Hiro", "Ines",
    "Isaac", "Jamal", "Jin", "Jordan", "Julia", "Kai", "Kavya", "Keisha", "Kenji", "Lara", "Leo", "Li",
    "Lucia", "Malik", "Maria", "Marcus", "Mei", "Mateo", "Nadia", "Naomi", "Nikhil", "Nina", "Noah", "Olivia",
    "Omar", "Priya", "Rafael", "Rachel", "Ravi", "Rosa", "Sam", "Sara", "Sofia", "Tariq", "Tess", "Theo",
    "Tomas", "Uma", "Valeria", "Wei", "Yara", "Yusuf", "Zoe", "Ingrid", "Kwame", "Lena",
)
LAST_NAMES = (
    "Abbott", "Adeyemi", "Alvarez", "Andersen", "Bauer", "Bhatt", "Brooks", "Castillo", "Chen", "Costa",
    "Dang", "Diaz", "Dubois", "Eriksen", "Farah", "Fischer", "Garcia", "Gupta", "Haddad", "Hansen", "Ito",
    "Jensen", "Kapoor", "Kim", "Kowalski", "Lee", "Lopez", "Mbeki", "Mendez", "Miller", "Moreau", "Nakamura",
    "Nguyen", "Novak", "Okafor", "Olsen", "Park", "Patel", "Petrov", "Quinn", "Reyes", "Rossi", "Sato",
    "Schmidt", "Shah", "Silva", "Singh", "Sokolov", "Tanaka", "Torres", "Tran", "Usman", "Varga", "Walsh",
    "Weber", "Wong", "Yilmaz", "Young", "Zhang", "Zimmerman",
)
_NAMES = tuple(f"{a} {b}" for a in FIRST_NAMES for b in LAST_NAMES)
_DIRECT_SOURCES = ("alumni", "event", "cold-email", "linkedin", "existing")
_DIRECT_SOURCE_P = np.array([0.3, 0.2, 0.2, 0.2, 0.1])
_MEETING_KINDS = tuple(k for k in MEETING_KINDS if k not in ("email", "other"))  # kinds a synthetic meeting has
_KIND_P = np.array([0.5, 0.3, 0.2])  # of the first three; "event" is for people met at the event itself
TAKEAWAYS = (
    "Lead with the research question, not the method.",
    "Portfolio should show one study end to end.",
    "Hiring picks up after the fiscal year planning.",
    "Learn enough SQL to answer your own questions.",
    "Mixed-methods experience is the differentiator.",
    "Contract roles are a common way in.",
    "Team is small; generalists do well there.",
    "Follow up in three weeks about the opening.",
    "Read their public design system docs before applying.",
    "Stakeholder management matters as much as craft.",
    "Apply through the referral portal, not the job board.",
    "Practice a take-home synthesis exercise.",
    "Their interview loop includes a portfolio presentation.",
    "Accessibility research is an underserved niche.",
    "Keep the resume to one page with outcomes.",
    "Join the regional research meetup.",
    "Quantify impact: decisions changed, not reports written.",
    "New-grad program opens applications in the autumn.",
    "Ask for a shadowing day.",
    "Product sense questions: pick a product you use daily.",
)

_STATUS_TEXT = ("",) + STATUSES  # by status code; 0 (the seeker) is never an introduction
_NS_PER_DAY = 86_400 * 10**9
#: how much less a contact introduces when not asked, and without a prompt thank-you
_UNASKED_FACTOR, _SLOW_THANKS_FACTOR = 0.25, 0.7
_SAME_ORG = 0.3  # chance an introduction is to a colleague at the introducer's organisation
_FOLLOW_UP = 0.1  # chance of a second conversation with a met contact
