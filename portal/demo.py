"""The demo data: the real content of the five seed texts (/work/shared/seeds), and its loader.

Everything the seeds say is loaded as they say it. Where the portal needs more to look alive
(progress updates, upcoming sessions, registrations), the rows are dated relative to the day
of the load and are plainly demo content; invented figures say so in their source.

The loader keys every row by a natural key, so running it again gives the same rows.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coalition.models import User
from events.models import (
    Event,
    EventLanguage,
    LocationSuggestion,
    Registration,
    SessionReport,
    Theme,
)
from initiatives.models import (
    DemonstrationSite,
    FocusArea,
    Indicator,
    Initiative,
    InitiativePartner,
    Measurement,
    Milestone,
    Objective,
    PartnerRole,
    ProgressStatus,
    ProgressUpdate,
    StudentGroup,
)
from partners.models import Membership, Organization, Sector

# The seeds' sessions are Massachusetts evenings, whatever the server's zone.
LOCAL = ZoneInfo("America/New_York")

# --- Organizations -------------------------------------------------------------------------

OOMA_TEAM = "A member of the Open Opportunity Massachusetts leadership team."
NSRN_TEAM = "On the leadership team of the Boston, Massachusetts, New Skills ready network."

ORGANIZATIONS = [
    # Open Opportunity Massachusetts leadership team
    {
        "name": "BUILD",
        "sector": Sector.COMMUNITY,
        "website": "https://build.org",
        "description": OOMA_TEAM,
    },
    {
        "name": "Rennie Center for Education Research & Policy",
        "sector": Sector.ADVOCACY,
        "city": "Boston",
        "region": "Greater Boston",
        "website": "https://www.renniecenter.org",
        "description": OOMA_TEAM,
    },
    {
        "name": "Wheelock College of Education and Human Development at Boston University",
        "sector": Sector.HIGHER_ED,
        "city": "Boston",
        "region": "Greater Boston",
        "website": "https://www.bu.edu/wheelock/",
        "description": OOMA_TEAM,
    },
    {
        "name": "Sociedad Latina",
        "sector": Sector.COMMUNITY,
        "city": "Boston",
        "region": "Greater Boston",
        "website": "https://www.sociedadlatina.org",
        "description": OOMA_TEAM,
    },
    {
        "name": "Lawyers for Civil Rights",
        "sector": Sector.ADVOCACY,
        "city": "Boston",
        "region": "Greater Boston",
        "website": "https://lawyersforcivilrights.org",
        "description": OOMA_TEAM,
    },
    {
        "name": "Latinos for Education",
        "sector": Sector.ADVOCACY,
        "website": "https://www.latinosforeducation.org",
        "description": OOMA_TEAM,
    },
    {
        "name": "The Care Institute",
        "sector": Sector.COMMUNITY,
        "description": OOMA_TEAM,
    },
    {
        "name": "Teach Plus",
        "sector": Sector.ADVOCACY,
        "website": "https://teachplus.org",
        "description": OOMA_TEAM,
    },
    # New Skills ready network, Boston leadership team
    {
        "name": "EdVestors",
        "sector": Sector.FUNDER,
        "city": "Boston",
        "region": "Greater Boston",
        "website": "https://www.edvestors.org",
        "description": (
            "Site lead of the Boston, Massachusetts, New Skills ready network: it convenes the "
            "cross-sector leadership team building high-quality college and career pathways "
            "for Boston's students."
        ),
    },
    {
        "name": "The Boston Foundation",
        "sector": Sector.FUNDER,
        "city": "Boston",
        "region": "Greater Boston",
        "website": "https://www.tbf.org",
        "description": (
            f"{NSRN_TEAM} For a decade it has led, with Bunker Hill Community College, the "
            "University of Massachusetts Boston and the Boston PIC, Success Boston, the "
            "city's college completion initiative."
        ),
    },
    {
        "name": "Boston Private Industry Council",
        "sector": Sector.EMPLOYER,
        "city": "Boston",
        "region": "Greater Boston",
        "website": "https://www.bostonpic.org",
        "description": (
            "The work-based learning intermediary for the Boston area: it finds workplace "
            "experiences for high school students and coaches Boston Public Schools graduates "
            "in local colleges. In summer 2020 it generated 1,055 direct placements."
        ),
    },
    {
        "name": "Boston Public Schools",
        "sector": Sector.SCHOOLS,
        "city": "Boston",
        "region": "Greater Boston",
        "website": "https://www.bostonpublicschools.org",
        "description": (
            f"{NSRN_TEAM} Its 2020-2025 Strategic Vision prioritizes educational equity, "
            "college and career awareness through MyCAP plans, and high-quality college and "
            "career pathways."
        ),
    },
    {
        "name": "Bunker Hill Community College",
        "sector": Sector.HIGHER_ED,
        "city": "Boston",
        "region": "Greater Boston",
        "website": "https://www.bhcc.edu",
        "description": (
            f"{NSRN_TEAM} Its Center for Equity and Cultural Wealth leads the team's work on "
            "equity and community cultural wealth."
        ),
    },
    {
        "name": "City of Boston",
        "sector": Sector.GOVERNMENT,
        "city": "Boston",
        "region": "Greater Boston",
        "website": "https://www.boston.gov",
        "description": (
            f"{NSRN_TEAM} In summer 2020 the city gave $4.1 million to support youth "
            "employment opportunities."
        ),
    },
    {
        "name": "Massachusetts Executive Office of Education",
        "sector": Sector.GOVERNMENT,
        "city": "Boston",
        "region": "Massachusetts",
        "website": "https://www.mass.gov/orgs/executive-office-of-education",
        "description": NSRN_TEAM,
    },
    {
        "name": "University of Massachusetts Boston",
        "sector": Sector.HIGHER_ED,
        "city": "Boston",
        "region": "Greater Boston",
        "website": "https://www.umb.edu",
        "description": (
            f"{NSRN_TEAM} Its Institute for Educational Leadership and Innovation launched the "
            "early care and education Action Lab and the webinar series Reinventing Child "
            "Care in Massachusetts."
        ),
    },
    # New Skills ready network, national
    {
        "name": "JPMorgan Chase & Co.",
        "sector": Sector.FUNDER,
        "city": "New York",
        "region": "New York",
        "website": "https://www.jpmorganchase.com",
        "description": (
            "Launched the New Skills ready network in 2020, as part of its $350 million, "
            "five-year New Skills at Work initiative and its $30 billion commitment to advance "
            "racial equity."
        ),
    },
    {
        "name": "Advance CTE",
        "sector": Sector.ADVOCACY,
        "website": "https://careertech.org",
        "description": (
            "Works with the six New Skills ready network sites to improve student completion "
            "of high-quality career pathways."
        ),
    },
    {
        "name": "Education Strategy Group",
        "sector": Sector.ADVOCACY,
        "website": "https://edstrategy.org",
        "description": (
            "Works with the six New Skills ready network sites to improve student completion "
            "of high-quality career pathways."
        ),
    },
    # Early care and education Action Lab
    {
        "name": "Opportunities Exchange",
        "sector": Sector.EARLY_CARE,
        "city": "West Palm Beach",
        "region": "Florida",
        "website": "https://opportunities-exchange.org",
        "description": (
            "Presented the webinar series Reinventing Child Care in Massachusetts, based on its "
            "issue brief Reinvent vs. Rebuild: Let's Fix the Child Care System."
        ),
    },
    {
        "name": "Vital Villages Networks",
        "sector": Sector.COMMUNITY,
        "description": (
            "Facilitates the UMass Boston early care and education Action Lab with early care "
            "and education stakeholders."
        ),
    },
    # Brown's Promise and the Opportunity Coalition
    {
        "name": "Brown's Promise",
        "sector": Sector.ADVOCACY,
        "region": "Massachusetts",
        "website": "https://brownspromise.org",
        "description": (
            "Works to give every child access to integrated, well-resourced public schools. "
            "Its Massachusetts team holds listening sessions with families, students, "
            "educators and advocates, with a special focus on Lynn, Springfield and Holyoke."
        ),
    },
    {
        "name": "Opportunity Coalition",
        "sector": Sector.ADVOCACY,
        "region": "Lake County",
        "description": (
            "Gathers educators, administrators, Board of Education members, parents, students "
            "and other community leaders to reduce the negative impact of opportunity gaps. "
            "Begun by educators in three adjoining districts in Lake County, it now works in "
            "communities serving over 300,000 students."
        ),
    },
]

# --- Initiatives (parents before children) -------------------------------------------------

INITIATIVES = [
    {
        "slug": "open-opportunity-massachusetts",
        "name": "Open Opportunity Massachusetts",
        "short_name": "OOMA",
        "summary": (
            "A growing cross-sector network of 40+ like-minded organizations that have come "
            "together to transform our education system by tearing down the barriers that "
            "segregate students and their families by race and class."
        ),
        "vision": (
            "All students will be self-sufficient, community-oriented, civic minded, adaptable, "
            "and innovative global citizens."
        ),
        "description": (
            "Together, OOMA represents communities, schools, labor, business, nonprofits, and "
            "government agencies and has a well-established track record of working together "
            "to improve student outcomes and achieve sustainable change.\n\n"
            "OOMA strives to create space to coordinate and align grassroots and grass-tops "
            "efforts across the education field while elevating community members to lead "
            "improvement efforts. Through a network approach OOMA aims to identify and remove "
            "the barriers for community-level leadership in systems-wide change by investing "
            "in demonstration sites in local communities to pilot new approaches and inform "
            "local and state policy.\n\n"
            "OOMA's goal is to advance a new system for learning that opens opportunities for "
            "all students to gain the knowledge, resources and relationships necessary to "
            "navigate the modern world. Its focus is economic mobility, which depends on ready "
            "and equitable access to local jobs with a livable wage and a career path, a high "
            "quality Pre-K-12 education, post-secondary education and training, social "
            "capital, reliable and affordable transportation, and high quality, affordable "
            "childcare."
        ),
    },
    {
        "slug": "campus-without-walls",
        "name": "Campus Without Walls",
        "parent": "open-opportunity-massachusetts",
        "summary": (
            "OOMA's initiative that leverages the power of technology to break down the silos "
            "of traditional brick and mortar schools and promote greater equity, access, and "
            "opportunity for all students."
        ),
        "vision": (
            "All students are intrinsically motivated, gain greater access, and take full "
            "advantage of a wide range of learning opportunities that prepare them to thrive "
            "in a rapidly changing digital world."
        ),
        "description": (
            "Campus Without Walls integrates aspects of all four OOMA leverage strategies. "
            "Through a statewide cross-sector collaboration of schools, universities, "
            "businesses and community-based organizations, a Campus Without Walls combines "
            "traditional and remote learning to deliver a 21st century education that is "
            "meaningful, relevant and rigorous."
        ),
    },
    {
        "slug": "new-skills-ready-network",
        "name": "New Skills ready network",
        "short_name": "NSRN",
        "summary": (
            "A five-year initiative launched by JPMorgan Chase & Co. in 2020 to improve student "
            "completion of high-quality career pathways in six US communities."
        ),
        "description": (
            "The New Skills ready network bolsters JPMorgan Chase's efforts to support an "
            "inclusive economic recovery, as part of both its $350 million, five-year New "
            "Skills at Work initiative to prepare people for the future of work and its $30 "
            "billion commitment to advance racial equity. Advance CTE and Education Strategy "
            "Group are working with the sites.\n\n"
            "The six sites (Boston, Columbus, Dallas, Denver, Indianapolis and Nashville) are "
            "formulating new partnerships between local school systems, higher education, "
            "employers, and government entities to develop pathways and policy "
            "recommendations that give underserved students access to higher education and "
            "real-world work experiences that lead to high-wage, in-demand jobs. In Boston, "
            "EdVestors leads the site's cross-sector leadership team."
        ),
    },
    {
        "slug": "new-skills-ready-network-boston",
        "name": "New Skills ready network: Boston, Massachusetts",
        "short_name": "NSRN Boston",
        "parent": "new-skills-ready-network",
        "summary": (
            "Boston, Massachusetts, is one of the six sites of the New Skills ready network. "
            "Its leadership team, led by EdVestors, is building a cross-sector system of career "
            "pathways that lead to high-value credentials and real work experiences connected "
            "to high-wage, high-skill, in-demand jobs."
        ),
        "vision": (
            "A city where social, institutional, and systemic barriers to entry and success are "
            "removed so that all young people can access quality career learning opportunities "
            "that support their exploration, informed decision making, and preparation for "
            "their future opportunities and postsecondary paths.\n\n"
            "A transformed system that recognizes students of color as \u201cholders and "
            "creators of knowledge\u201d and values the cultural wealth they bring to schools "
            "through their knowledge, skills, abilities to navigate their context despite "
            "systemic barriers, such as structural racism which threaten equitable outcomes.\n\n"
            "A learning environment, inclusive of settings from the schoolhouse to the "
            "workplace, with connected systems across sectors that employ equity-minded and "
            "asset-based strategies and accountability measures which prioritize the inherent "
            "strengths of students, their networks, and community, while also eliminating "
            "immediate barriers and addressing systemic inequalities.\n\n"
            "A public-school district where every student can progress through pathways that "
            "are engaging and relevant, enhance their community, offer direct connections to "
            "postsecondary, and prepare young people to enter meaningful careers."
        ),
        "description": (
            "In its first year the team identified data capacity gaps to measure career pathway "
            "experiences and outcomes, leveraged shared definitions of high-quality college and "
            "career pathways (HQCCP) and work-based learning, completed a COVID-19 labor market "
            "analysis for the city, began the critical work of understanding equity and "
            "cultural wealth frameworks, and developed an equity-minded approach to call for "
            "and support pilot high schools that will serve as early models of HQCCP in "
            "high-priority industry sectors.\n\n"
            "The state supports HQCCP through its designation process, and Boston Public "
            "Schools' 2020-2025 Strategic Vision focuses on college and career awareness, "
            "MyCAP (MyCareer and Academic Plan) and HQCCP. The Boston Private Industry Council "
            "is the city's work-based learning intermediary; for a decade The Boston "
            "Foundation, Bunker Hill Community College, the University of Massachusetts Boston "
            "and the Boston PIC have collaborated on Success Boston, the citywide college "
            "completion initiative.\n\n"
            "Community cultural wealth is an array of knowledge, skills, abilities and contacts "
            "possessed and utilized by Communities of Color to survive and resist macro and "
            "microforms of oppression.\n\n"
            "In year two the team will implement its new career pathways, support the initial "
            "cohort of pilot high schools, and create data-sharing agreements and an "
            "implementation plan for a career and academic planning system that spans "
            "secondary and postsecondary education across Boston."
        ),
    },
    {
        "slug": "umass-boston-ece-action-lab",
        "name": "UMass Boston Early Care and Education Action Lab",
        "short_name": "ECE Action Lab",
        "end_date": dt.date(2020, 12, 31),
        "summary": (
            "Launched by the Institute for Educational Leadership and Innovation at UMass Boston "
            "after its summer 2020 webinar series Reinventing Child Care in Massachusetts, and "
            "facilitated by Vital Villages Networks, the Action Lab brings early care and "
            "education stakeholders together to generate ideas for reinventing the sector."
        ),
        "vision": (
            "An early care and education system that is high-quality, accessible to all "
            "families, provides professional compensation to educators based on their skill "
            "and experience, has sufficient resources for professional and leadership "
            "development, and addresses racial inequities."
        ),
        "description": (
            "The COVID-19 pandemic has widely exposed what early care and education "
            "professionals have long known: the system is not sustainable in its current "
            "patchwork configuration. The webinar series, presented by Opportunities Exchange "
            "and based on the issue brief Reinvent vs. Rebuild: Let's Fix the Child Care "
            "System, highlighted creative work already underway in Massachusetts, shared "
            "technologies that streamline business operations and reduce costs, and offered "
            "problem solving approaches that strengthen programs and improve child outcomes. "
            "More than 700 professionals and other stakeholders took part.\n\n"
            "The Action Lab meets regularly through the end of 2020 to expand on the ideas put "
            "forth in the webinar series."
        ),
    },
    {
        "slug": "browns-promise-massachusetts",
        "name": "Brown's Promise Massachusetts",
        "short_name": "Brown's Promise MA",
        "summary": (
            "Massachusetts schools are among the most segregated in the country, especially by "
            "economic status. Brown's Promise Massachusetts works with partners across the "
            "state to give every child access to integrated, well-resourced public schools, "
            "with a special focus on Lynn, Springfield and Holyoke."
        ),
        "vision": (
            "Every child has access to integrated, well-resourced public schools, and the "
            "promise of equal opportunity is delivered for all."
        ),
        "description": (
            "Massachusetts has made important education policy improvements in recent years "
            "but still hasn't addressed a foundational flaw: persistent segregation by race, "
            "ethnicity, and income. Massachusetts leads the nation in public education "
            "outcomes, but its top-ranked education is not equally available to all students.\n"
            "\nOver the last year the team has held listening sessions with families, students, "
            "educators, and advocates around Massachusetts. They keep hearing the same things: "
            "all children, regardless of race, class, or zip code, deserve the same "
            "opportunities to thrive, and learning with and from people of different "
            "backgrounds strengthens us all.\n\n"
            "Brown's Promise is co-creating a policy agenda with partners across the state to "
            "tackle the root cause of segregation and educational inequities, and intends to "
            "equip partners and advocates with the research and tools to push for substantial "
            "change and go from conversation to transformation.\n\n"
            "Massachusetts team: Cara Berg Powers, Massachusetts State Director; GeD\u00e1 "
            "Jones Herbert, Chief Legal Counsel; Stephen Owens, Director of Policy and "
            "Advocacy."
        ),
    },
    {
        "slug": "opportunity-coalition",
        "name": "Opportunity Coalition",
        "summary": (
            "Educators, administrators, Board of Education members, parents, students and "
            "other community leaders working together to reduce the negative impact of the "
            "opportunity gaps that exist in their communities."
        ),
        "description": (
            "From educators in three adjoining districts in Lake County to coalitions operating "
            "in communities serving over 300,000 students, the Opportunity Coalition has grown "
            "steadily over five years. Instead of the deficit mindset of so-called achievement "
            "gaps, it holds that structural barriers stand between students and their best, "
            "and works to abolish them.\n\n"
            "Every year it supports Leaders for Just Schools and Level I leadership development "
            "cohorts, based on coaching and community. It is building a model of professional "
            "development centered on creative Practice Development in its Learning Studio, and "
            "is launching the Educator Voice Academies to Amplify Marginalized Perspectives."
        ),
    },
]

# (initiative slug, organization name, role)
PARTNERSHIPS = [
    *[
        ("open-opportunity-massachusetts", name, PartnerRole.LEADERSHIP_TEAM)
        for name in (
            "BUILD",
            "Rennie Center for Education Research & Policy",
            "Wheelock College of Education and Human Development at Boston University",
            "Sociedad Latina",
            "Lawyers for Civil Rights",
            "Latinos for Education",
            "The Care Institute",
            "Teach Plus",
        )
    ],
    ("new-skills-ready-network", "JPMorgan Chase & Co.", PartnerRole.FUNDER),
    ("new-skills-ready-network", "Advance CTE", PartnerRole.PARTNER),
    ("new-skills-ready-network", "Education Strategy Group", PartnerRole.PARTNER),
    ("new-skills-ready-network-boston", "EdVestors", PartnerRole.SITE_LEAD),
    *[
        ("new-skills-ready-network-boston", name, PartnerRole.LEADERSHIP_TEAM)
        for name in (
            "The Boston Foundation",
            "Boston Private Industry Council",
            "Boston Public Schools",
            "Bunker Hill Community College",
            "City of Boston",
            "Massachusetts Executive Office of Education",
            "University of Massachusetts Boston",
        )
    ],
    ("new-skills-ready-network-boston", "JPMorgan Chase & Co.", PartnerRole.FUNDER),
    ("umass-boston-ece-action-lab", "University of Massachusetts Boston", PartnerRole.SITE_LEAD),
    ("umass-boston-ece-action-lab", "Opportunities Exchange", PartnerRole.PARTNER),
    ("umass-boston-ece-action-lab", "Vital Villages Networks", PartnerRole.PARTNER),
    ("browns-promise-massachusetts", "Brown's Promise", PartnerRole.SITE_LEAD),
    ("opportunity-coalition", "Opportunity Coalition", PartnerRole.SITE_LEAD),
]

K = FocusArea.Kind
# initiative slug -> [(kind, title, description)], in the seeds' order
FOCUS_AREAS = {
    "open-opportunity-massachusetts": [
        (K.STRATEGY, "Ensure all families are thriving", ""),
        (K.STRATEGY, "Educate the whole child", ""),
        (K.STRATEGY, "Empower educators to lead", ""),
        (K.STRATEGY, "Create a strong public narrative", ""),
    ],
    "new-skills-ready-network-boston": [
        (K.PRIORITY_AREA, "Strengthening the alignment and rigor of career pathways", ""),
        (K.PRIORITY_AREA, "Designing, implementing and scaling real-world work experiences", ""),
        (K.PRIORITY_AREA, "Building seamless transitions to support postsecondary success", ""),
        (K.PRIORITY_AREA, "Closing equity gaps", ""),
        (
            K.PRIORITY,
            "Building a systems-change mindset among the cross-sector team",
            "Partners across the city adopt a systems-level mindset and collaborate in new "
            "ways. Leadership team meetings remain the key strategy for cross-sector "
            "coordination, and topic-based workgroups embed the work within partner "
            "institutions.",
        ),
        (
            K.PRIORITY,
            "Developing common and foundational definitions to signal their commitment to equity",
            "Ground the work in a common definition of equity and cultural wealth, with the "
            "leadership of Bunker Hill Community College's Center for Equity and Cultural "
            "Wealth.",
        ),
        (K.PRINCIPLE, "Equitable access", ""),
        (K.PRINCIPLE, "Guided academic pathways", ""),
        (K.PRINCIPLE, "Enhanced student support", ""),
        (K.PRINCIPLE, "Connection to career", ""),
        (K.PRINCIPLE, "Effective partnerships", ""),
    ],
    "umass-boston-ece-action-lab": [
        (
            K.QUESTION,
            "What does policy that supports equitable ECE funding and compensation look like?",
            "",
        ),
        (K.QUESTION, "What does equitable funding for ECE in Massachusetts look like?", ""),
        (
            K.QUESTION,
            "What information and infrastructure are needed for data-driven funding decisions?",
            "",
        ),
        (K.QUESTION, "What does the equitable evolution of ECE in Massachusetts look like?", ""),
    ],
    "opportunity-coalition": [
        (
            K.VALUE,
            "Question the Status Quo",
            "There are structural barriers that act as obstacles for students to become their "
            "best. We aim to abolish those barriers and build opportunity for all.",
        ),
        (
            K.VALUE,
            "Always Build with Others",
            "Our leadership development cohorts are based on coaching and community.",
        ),
        (
            K.VALUE,
            "Maintain Relentless Pursuit",
            "Shifting from an \u201cI have to\u201d culture towards an \u201cI get to\u201d "
            "culture taps the internal motivation that keeps the work going.",
        ),
    ],
}

# --- Demonstration sites -------------------------------------------------------------------

S = DemonstrationSite.Kind
NSRN_SITE = "A New Skills ready network site."
SITES = [
    {
        "slug": "boston-massachusetts",
        "name": "Boston, Massachusetts",
        "kind": S.NETWORK_SITE,
        "city": "Boston",
        "state": "MA",
        "lead": "EdVestors",
        "initiatives": ["new-skills-ready-network", "new-skills-ready-network-boston"],
        "description": (
            "One of the six New Skills ready network sites; EdVestors leads its cross-sector "
            "leadership team."
        ),
    },
    *[
        {
            "slug": slugify(f"{city} {state_name}"),
            "name": f"{city}, {state_name}",
            "kind": S.NETWORK_SITE,
            "city": city,
            "state": state,
            "initiatives": ["new-skills-ready-network"],
            "description": NSRN_SITE,
        }
        for city, state_name, state in (
            ("Columbus", "Ohio", "OH"),
            ("Dallas", "Texas", "TX"),
            ("Denver", "Colorado", "CO"),
            ("Indianapolis", "Indiana", "IN"),
            ("Nashville", "Tennessee", "TN"),
        )
    ],
    {
        "slug": "boston-pilot-high-schools-hqccp-cohort-1",
        "name": "Boston pilot high schools (HQCCP cohort 1)",
        "kind": S.SCHOOL,
        "city": "Boston",
        "lead": "Boston Public Schools",
        "initiatives": ["new-skills-ready-network-boston"],
        "description": (
            "The first cohort of Boston pilot high schools that will serve as early models of "
            "high-quality college and career pathways in high-priority industry sectors, "
            "chosen with equity-minded selection criteria."
        ),
    },
    *[
        {
            "slug": slugify(f"{city} Massachusetts"),
            "name": f"{city}, Massachusetts",
            "kind": S.COMMUNITY,
            "city": city,
            "lead": "Brown's Promise",
            "initiatives": ["browns-promise-massachusetts"],
            "description": (
                f"One of the three communities at the center of Brown's Promise "
                f"Massachusetts' policy agenda on school segregation. Brown's Promise has held "
                f"community engagement sessions in {city}."
            ),
        }
        for city in ("Lynn", "Springfield", "Holyoke")
    ],
]

# --- Indicators and measurements -----------------------------------------------------------

U = Indicator.Unit
SEGREGATION_SOURCE = "The Segregation Tracking Project"
DEMO_SOURCE = "Demo figures for illustration; the real series comes from The Nation's Report Card"
INDICATORS = [
    {
        "slug": "boston-pic-direct-placements",
        "initiative": "new-skills-ready-network-boston",
        "name": "Direct summer work placements",
        "unit": U.COUNT,
        "description": (
            "Summer placements of Boston students that the Boston Private Industry Council "
            "generated directly, in public and private institutions across the city."
        ),
        "source": "Boston Private Industry Council, in the New Skills ready network snapshot",
        "measurements": [(dt.date(2020, 6, 1), "Summer 2020", "1055")],
    },
    {
        "slug": "boston-city-youth-employment-funding",
        "initiative": "new-skills-ready-network-boston",
        "name": "City funding for youth employment",
        "unit": U.DOLLARS,
        "description": "City of Boston support for youth employment opportunities.",
        "source": "City of Boston, in the New Skills ready network snapshot",
        "measurements": [(dt.date(2020, 6, 1), "Summer 2020", "4100000")],
    },
    {
        "slug": "reinventing-child-care-webinar-participants",
        "initiative": "umass-boston-ece-action-lab",
        "name": "Webinar participants",
        "unit": U.COUNT,
        "description": (
            "Early care and education professionals and other stakeholders who took part in "
            "Reinventing Child Care in Massachusetts (reported as more than 700)."
        ),
        "source": "Opportunities Exchange",
        "measurements": [(dt.date(2020, 7, 1), "Summer 2020", "700")],
    },
    {
        "slug": "ooma-network-organizations",
        "initiative": "open-opportunity-massachusetts",
        "name": "Organizations in the network",
        "unit": U.COUNT,
        "description": "Organizations in Open Opportunity Massachusetts (reported as 40+).",
        "source": "Open Opportunity Massachusetts, June 2020",
        "measurements": [(dt.date(2020, 6, 1), "2020", "40")],
    },
    {
        "slug": "ma-economic-segregation-rank",
        "initiative": "browns-promise-massachusetts",
        "name": "Massachusetts' rank for school segregation by economic status",
        "unit": U.RANK,
        "description": "1 is the most segregated state, so a higher rank is better.",
        "source": SEGREGATION_SOURCE,
        "measurements": [(dt.date(2024, 1, 1), "2024", "6")],
    },
    {
        "slug": "ma-between-district-economic-segregation-rank",
        "initiative": "browns-promise-massachusetts",
        "name": "Massachusetts' rank for between-district economic segregation",
        "unit": U.RANK,
        "description": "1 is the state with the highest level.",
        "source": SEGREGATION_SOURCE,
        "measurements": [(dt.date(2024, 1, 1), "2024", "2")],
    },
    {
        "slug": "ma-exposure-to-student-poverty-rank",
        "initiative": "browns-promise-massachusetts",
        "name": (
            "Massachusetts' rank for disproportionate exposure to student poverty for students "
            "of color"
        ),
        "unit": U.RANK,
        "description": "1 is the worst state.",
        "source": SEGREGATION_SOURCE,
        "measurements": [(dt.date(2024, 1, 1), "2024", "5")],
    },
    {
        "slug": "opportunity-coalition-students-served",
        "initiative": "opportunity-coalition",
        "name": "Students in the coalition's communities",
        "unit": U.COUNT,
        "description": (
            "Students in the communities where Opportunity Coalition coalitions operate "
            "(reported as over 300,000, five years after the coalition began)."
        ),
        "source": "The Opportunity Coalition Story (undated; the year is approximate)",
        "measurements": [(dt.date(2020, 1, 1), "About 2020", "300000")],
    },
]

# The seed names the math proficiency gap but gives no numbers: these are invented, and the
# indicator's and every measurement's source say so.
MATH = {
    "slug": "students-proficient-in-math",
    "initiative": "browns-promise-massachusetts",
    "name": "Students proficient in math",
    "unit": U.PERCENT,
    "description": (
        "Demo figures for illustration only. Brown's Promise tracks opportunity gaps by race "
        "and class with The Nation's Report Card; these numbers are not real."
    ),
    "source": DEMO_SOURCE,
}
MATH_PERIODS = [
    (dt.date(2022, 9, 1), "2022-23"),
    (dt.date(2023, 9, 1), "2023-24"),
    (dt.date(2024, 9, 1), "2024-25"),
]
MATH_BASE = {"lynn-massachusetts": 30, "springfield-massachusetts": 22, "holyoke-massachusetts": 20}
MATH_GAP = {
    StudentGroup.ALL: 0,
    StudentGroup.BLACK: -9,
    StudentGroup.HISPANIC: -10,
    StudentGroup.WHITE: 15,
    StudentGroup.LOW_INCOME: -8,
}

# --- Objectives, milestones and progress ---------------------------------------------------

OBJECTIVES = [
    {
        "slug": "select-first-hqccp-pilot-cohort",
        "initiative": "new-skills-ready-network-boston",
        "focus": "Strengthening the alignment and rigor of career pathways",
        "title": "Select the first cohort of HQCCP pilot high schools",
        "description": (
            "Use the equity-minded selection criteria to choose the pilot high schools that "
            "will serve as early models of high-quality college and career pathways in "
            "high-priority industry sectors."
        ),
        "owners": ["EdVestors", "Boston Public Schools"],
        "site": "boston-pilot-high-schools-hqccp-cohort-1",
    },
    {
        "slug": "sign-secondary-postsecondary-data-sharing-agreements",
        "initiative": "new-skills-ready-network-boston",
        "focus": "Building seamless transitions to support postsecondary success",
        "title": "Sign data-sharing agreements spanning secondary and postsecondary education",
        "description": (
            "Close the data capacity gaps found in year one, so that career pathway experiences "
            "and outcomes can be measured from high school through college."
        ),
        "owners": [
            "EdVestors",
            "Boston Public Schools",
            "Bunker Hill Community College",
            "University of Massachusetts Boston",
        ],
        "site": "boston-massachusetts",
    },
    {
        "slug": "sustain-summer-work-placements",
        "initiative": "new-skills-ready-network-boston",
        "focus": "Designing, implementing and scaling real-world work experiences",
        "title": "Sustain summer work placements",
        "description": (
            "Keep direct summer placements for Boston students at least at the summer 2020 "
            "level of 1,055."
        ),
        "owners": ["Boston Private Industry Council", "City of Boston"],
        "site": "boston-massachusetts",
        "indicator": "boston-pic-direct-placements",
        "target_value": "1055",
    },
    {
        "slug": "shared-definition-of-equity-and-cultural-wealth",
        "initiative": "new-skills-ready-network-boston",
        "focus": (
            "Developing common and foundational definitions to signal their commitment to equity"
        ),
        "title": "Build a shared understanding of equity and cultural wealth",
        "description": (
            "Give the leadership team a common language to address the institutional barriers "
            "that exist for learners, with Bunker Hill Community College's Center for Equity "
            "and Cultural Wealth."
        ),
        "owners": ["Bunker Hill Community College", "EdVestors"],
    },
    {
        "slug": "map-family-supports-for-economic-mobility",
        "initiative": "open-opportunity-massachusetts",
        "focus": "Ensure all families are thriving",
        "title": "Map the supports families need for economic mobility",
        "description": (
            "With community members, map access to livable-wage jobs, training, transportation "
            "and affordable childcare in OOMA's demonstration communities."
        ),
        "owners": ["Sociedad Latina", "Latinos for Education"],
    },
    {
        "slug": "pilot-campus-without-walls",
        "initiative": "campus-without-walls",
        "title": "Pilot blended learning across schools, universities and community partners",
        "description": (
            "Combine traditional and remote learning in a first Campus Without Walls pilot "
            "that is meaningful, relevant and rigorous."
        ),
        "owners": [
            "Wheelock College of Education and Human Development at Boston University",
            "BUILD",
        ],
    },
    {
        "slug": "educators-lead-improvement",
        "initiative": "open-opportunity-massachusetts",
        "focus": "Empower educators to lead",
        "title": "Bring teacher leaders into the network's policy work",
        "description": "Educators help shape the local and state policy that OOMA informs.",
        "owners": ["Teach Plus", "Rennie Center for Education Research & Policy"],
    },
    {
        "slug": "shared-public-narrative",
        "initiative": "open-opportunity-massachusetts",
        "focus": "Create a strong public narrative",
        "title": "Tell one public story of opportunity across the network",
        "description": (
            "Partner organizations share a public narrative about the barriers that segregate "
            "students and their families by race and class."
        ),
        "owners": ["Lawyers for Civil Rights", "Rennie Center for Education Research & Policy"],
        "indicator": "ooma-network-organizations",
    },
    {
        "slug": "equitable-ece-funding-and-compensation-policy",
        "initiative": "umass-boston-ece-action-lab",
        "focus": "What does policy that supports equitable ECE funding and compensation look like?",
        "title": "Recommend an equitable ECE funding and compensation policy",
        "description": (
            "Turn the ideas of the webinar series and the Action Lab into a policy "
            "recommendation for early care and education funding and educator compensation."
        ),
        "owners": ["University of Massachusetts Boston", "Vital Villages Networks"],
    },
    {
        "slug": "co-create-segregation-policy-agenda",
        "initiative": "browns-promise-massachusetts",
        "title": (
            "Co-create a policy agenda on school segregation with Lynn, Springfield and Holyoke "
            "partners"
        ),
        "description": (
            "Tackle the root cause of segregation and educational inequities, starting from "
            "what families, students, educators and advocates said in the listening sessions."
        ),
        "owners": ["Brown's Promise"],
    },
    {
        "slug": "equip-advocates-with-research-and-tools",
        "initiative": "browns-promise-massachusetts",
        "title": "Equip partners and advocates with research and tools on integration",
        "description": (
            "Learn from the mistakes of past integration efforts and share what research shows "
            "works, so partners can go from conversation to transformation."
        ),
        "owners": ["Brown's Promise"],
    },
    {
        "slug": "launch-educator-voice-academies",
        "initiative": "opportunity-coalition",
        "focus": "Question the Status Quo",
        "title": "Launch the Educator Voice Academies",
        "description": (
            "Amplify marginalized perspectives and support educators as they advocate for "
            "their students and for public education."
        ),
        "owners": ["Opportunity Coalition"],
    },
    {
        "slug": "build-the-learning-studio",
        "initiative": "opportunity-coalition",
        "focus": "Maintain Relentless Pursuit",
        "title": "Build the Learning Studio for Practice Development",
        "description": (
            "A professional development model centered on creative Practice Development, with "
            "room for teacher leaders to grow and help lead their schools."
        ),
        "owners": ["Opportunity Coalition"],
    },
]

# (objective slug, title, due in days from the load day, completed in days or None)
MILESTONES = [
    (
        "select-first-hqccp-pilot-cohort",
        "Choose industry areas for the new career pathways",
        -100,
        -110,
    ),
    ("select-first-hqccp-pilot-cohort", "Agree the pilot school selection criteria", -75, -80),
    (
        "select-first-hqccp-pilot-cohort",
        "Announce the first cohort of pilot high schools",
        45,
        None,
    ),
    (
        "sign-secondary-postsecondary-data-sharing-agreements",
        "Partner counsel review the draft agreement",
        -10,
        None,
    ),
    (
        "sign-secondary-postsecondary-data-sharing-agreements",
        "Agreements signed by every partner",
        120,
        None,
    ),
    ("sustain-summer-work-placements", "Confirm employer hosts for next summer", 60, None),
    (
        "shared-definition-of-equity-and-cultural-wealth",
        "Two leadership team sessions with the Center for Equity and Cultural Wealth",
        -60,
        -50,
    ),
    (
        "equitable-ece-funding-and-compensation-policy",
        "Share draft recommendations with the Action Lab",
        30,
        None,
    ),
    (
        "co-create-segregation-policy-agenda",
        "Publish the draft policy agenda for community comment",
        75,
        None,
    ),
    ("launch-educator-voice-academies", "Open applications for the first cohort", -30, -50),
]

# Real dates: the sessions the agenda starts from.
DATED_MILESTONES = [
    (
        "co-create-segregation-policy-agenda",
        "Hold community engagement sessions in Lynn, Springfield and Holyoke",
        dt.date(2024, 12, 31),
        dt.date(2024, 12, 13),
    ),
]

ON, RISK, OFF, DONE = (
    ProgressStatus.ON_TRACK,
    ProgressStatus.AT_RISK,
    ProgressStatus.OFF_TRACK,
    ProgressStatus.DONE,
)
PARTNERS_ONLY = "partners"
# (objective slug, days ago, author email, organization, status, narrative, extras)
UPDATES = [
    (
        "select-first-hqccp-pilot-cohort",
        110,
        "staff@example.org",
        "EdVestors",
        ON,
        "Industry areas chosen for the new career pathways; drafting the pilot school selection "
        "criteria with Boston Public Schools.",
        {},
    ),
    (
        "select-first-hqccp-pilot-cohort",
        80,
        "staff@example.org",
        "EdVestors",
        ON,
        "Selection criteria agreed by the leadership team, using the equity and cultural wealth "
        "framework. The call to high schools is out.",
        {"evidence_url": "https://www.edvestors.org"},
    ),
    (
        "select-first-hqccp-pilot-cohort",
        50,
        "admin@example.org",
        "EdVestors",
        RISK,
        "Two applicant schools asked for more time to gather teacher and family input; the "
        "review may slip by a month.",
        {"visibility": PARTNERS_ONLY},
    ),
    (
        "select-first-hqccp-pilot-cohort",
        20,
        "staff@example.org",
        "EdVestors",
        ON,
        "All applications in. Review panels with Boston Public Schools are scheduled.",
        {},
    ),
    (
        "sign-secondary-postsecondary-data-sharing-agreements",
        80,
        "staff@example.org",
        "EdVestors",
        ON,
        "Data capacity gaps listed with Boston Public Schools, Bunker Hill Community College and "
        "UMass Boston; a first draft agreement is circulating.",
        {},
    ),
    (
        "sign-secondary-postsecondary-data-sharing-agreements",
        20,
        "staff@example.org",
        "EdVestors",
        RISK,
        "Counsel review of the draft agreement is late; student privacy terms still need "
        "agreement between the K-12 and college partners.",
        {},
    ),
    (
        "sustain-summer-work-placements",
        110,
        "lead@example.org",
        "Boston Private Industry Council",
        ON,
        "Baseline recorded: in summer 2020 the Boston PIC generated 1,055 direct placements, "
        "with $4.1 million from the city of Boston supporting youth employment.",
        {"value": "1055", "evidence_url": "https://www.bostonpic.org"},
    ),
    (
        "sustain-summer-work-placements",
        20,
        "lead@example.org",
        "Boston Private Industry Council",
        ON,
        "Outreach to employer hosts for next summer has started.",
        {},
    ),
    (
        "shared-definition-of-equity-and-cultural-wealth",
        110,
        "staff@example.org",
        "EdVestors",
        ON,
        "The director of the Center for Equity and Cultural Wealth led a first session for the "
        "leadership team.",
        {},
    ),
    (
        "shared-definition-of-equity-and-cultural-wealth",
        50,
        "staff@example.org",
        "EdVestors",
        ON,
        "Second session with the Center for Equity and Cultural Wealth held for the leadership "
        "team.",
        {},
    ),
    (
        "shared-definition-of-equity-and-cultural-wealth",
        20,
        "staff@example.org",
        "EdVestors",
        DONE,
        "The team now shares a framework for equity and cultural wealth and has used it in the "
        "pilot school selection criteria.",
        {},
    ),
    (
        "map-family-supports-for-economic-mobility",
        50,
        "lead@example.org",
        "Sociedad Latina",
        OFF,
        "The mapping has not started: the partners are still looking for a community "
        "organizer to lead it.",
        {},
    ),
    (
        "map-family-supports-for-economic-mobility",
        20,
        "lead@example.org",
        "Latinos for Education",
        OFF,
        "Still no organizer for the mapping; the leadership team will discuss sharing one "
        "between partners.",
        {},
    ),
    (
        "pilot-campus-without-walls",
        20,
        "lead@example.org",
        "Wheelock College of Education and Human Development at Boston University",
        ON,
        "School, university and business partners met to plan the first blended learning pilot.",
        {},
    ),
    (
        "educators-lead-improvement",
        20,
        "lead@example.org",
        "Teach Plus",
        ON,
        "Teacher leaders joined the OOMA leadership team meeting to review local policy "
        "priorities.",
        {},
    ),
    (
        "shared-public-narrative",
        50,
        "lead@example.org",
        "Lawyers for Civil Rights",
        ON,
        "The network counts 40+ organizations; a shared message on the barriers that segregate "
        "students by race and class is in draft.",
        {"value": "40", "evidence_url": "https://lawyersforcivilrights.org"},
    ),
    (
        "shared-public-narrative",
        20,
        "lead@example.org",
        "Rennie Center for Education Research & Policy",
        ON,
        "Partners reviewed the draft message; a final version goes to the leadership team next "
        "month.",
        {},
    ),
    (
        "equitable-ece-funding-and-compensation-policy",
        110,
        "lead@example.org",
        "University of Massachusetts Boston",
        ON,
        "More than 700 early care and education professionals took part in the webinar series; "
        "their ideas are the Action Lab's starting point.",
        {"evidence_url": "https://www.umb.edu"},
    ),
    (
        "equitable-ece-funding-and-compensation-policy",
        20,
        "lead@example.org",
        "Vital Villages Networks",
        ON,
        "The Action Lab is working through the four focus questions, starting with funding and "
        "compensation.",
        {},
    ),
    (
        "co-create-segregation-policy-agenda",
        110,
        "lead@example.org",
        "Brown's Promise",
        ON,
        "Listening sessions in Lynn, Springfield and Holyoke are complete; what we heard is "
        "published for each session.",
        {},
    ),
    (
        "co-create-segregation-policy-agenda",
        50,
        "lead@example.org",
        "Brown's Promise",
        ON,
        "Partners in the three communities reviewed the themes from the sessions and chose "
        "where the agenda starts.",
        {},
    ),
    (
        "co-create-segregation-policy-agenda",
        20,
        "lead@example.org",
        "Brown's Promise",
        RISK,
        "One district partner has paused its participation; we are meeting to find a way forward.",
        {"visibility": PARTNERS_ONLY},
    ),
    (
        "equip-advocates-with-research-and-tools",
        80,
        "lead@example.org",
        "Brown's Promise",
        ON,
        "Research on what makes integration work is gathered for partners, along with the "
        "segregation figures for Massachusetts.",
        {"evidence_url": "https://brownspromise.org"},
    ),
    (
        "equip-advocates-with-research-and-tools",
        20,
        "lead@example.org",
        "Brown's Promise",
        ON,
        "A first briefing on the research was shared with advocates in Lynn.",
        {},
    ),
    (
        "launch-educator-voice-academies",
        50,
        "lead@example.org",
        "Opportunity Coalition",
        ON,
        "Applications for the first Educator Voice Academy cohort are open.",
        {},
    ),
    (
        "launch-educator-voice-academies",
        20,
        "lead@example.org",
        "Opportunity Coalition",
        ON,
        "The first cohort is chosen and its sessions are scheduled.",
        {},
    ),
    # Left alone since: the stale objective of the demo.
    (
        "build-the-learning-studio",
        80,
        "lead@example.org",
        "Opportunity Coalition",
        RISK,
        "The Learning Studio design is waiting for a partner district to host the first "
        "practice sessions.",
        {},
    ),
]

# --- Events --------------------------------------------------------------------------------

BROWNS_HOST = "Brown's Promise"
# Brown's Promise community engagement sessions, on their real dates (the seed lists the dates
# before each place's heading).
PAST_SESSIONS = [
    ("Springfield", dt.date(2024, 5, 29)),
    ("Springfield", dt.date(2024, 8, 16)),
    ("Springfield", dt.date(2024, 9, 18)),
    ("Holyoke", dt.date(2024, 10, 16)),
    ("Lynn", dt.date(2024, 12, 13)),
]

WEBINAR_SERIES = "Reinventing Child Care in Massachusetts"
WEBINAR_INTRO = (
    "Part of the webinar series Reinventing Child Care in Massachusetts, launched by the "
    "Institute for Educational Leadership and Innovation at UMass Boston and presented by "
    "Opportunities Exchange, based on the issue brief Reinvent vs. Rebuild: Let's Fix the "
    "Child Care System."
)
# The seed says summer 2020 and names the topics; the dates are a plausible series.
WEBINARS = [
    (
        dt.date(2020, 7, 15),
        "Creative work already underway",
        "Creative and innovative work already underway in Massachusetts.",
    ),
    (
        dt.date(2020, 7, 29),
        "Technology for ECE business operations",
        "Technologies that streamline early care and education business operations and reduce "
        "costs.",
    ),
    (
        dt.date(2020, 8, 12),
        "Business models that strengthen programs",
        "Problem solving approaches to address roadblocks and promote business models that "
        "strengthen programs and improve child outcomes.",
    ),
]

ASK_FOR_ACCESS = (
    "Tell us what you need when you register (for example step-free access, large print or an "
    "American Sign Language interpreter) and we will arrange it."
)
ASK_FOR_RIDE = "Tell us when you register if you need help getting there."
LISTENING_TEXT = (
    "Tell us what your children need from {city}'s schools. Brown's Promise Massachusetts is "
    "co-creating a policy agenda on school segregation with partners in Lynn, Springfield and "
    "Holyoke, and it starts from what families, students and educators say."
)
# Upcoming sessions, dated from the load day, 6 pm to 8 pm.
UPCOMING = [
    {
        "slug": "community-listening-session-lynn",
        "title": "Community listening session in Lynn",
        "kind": Event.Kind.LISTENING_SESSION,
        "days": 12,
        "initiative": "browns-promise-massachusetts",
        "site": "lynn-massachusetts",
        "hosts": [BROWNS_HOST],
        "venue": "Lynn Public Library",
        "address": "5 North Common Street",
        "city": "Lynn",
        "capacity": 40,
        "childcare": True,
        "languages": [("es", False), ("en", False), ("pt", True), ("ht", True)],
        "description": LISTENING_TEXT.format(city="Lynn")
        + " Held in Spanish and English, with interpretation into Portuguese and Haitian "
        "Creole. Childcare is offered.",
    },
    {
        "slug": "community-listening-session-springfield",
        "title": "Community listening session in Springfield",
        "kind": Event.Kind.LISTENING_SESSION,
        "days": 19,
        "initiative": "browns-promise-massachusetts",
        "site": "springfield-massachusetts",
        "hosts": [BROWNS_HOST],
        "venue": "Springfield City Library, Central Library",
        "address": "220 State Street",
        "city": "Springfield",
        "capacity": 40,
        "childcare": True,
        "languages": [("en", False), ("es", False)],
        "description": LISTENING_TEXT.format(city="Springfield")
        + " Held in English and Spanish. Childcare is offered.",
    },
    {
        "slug": "community-listening-session-holyoke",
        "title": "Community listening session in Holyoke",
        "kind": Event.Kind.LISTENING_SESSION,
        "days": 26,
        "initiative": "browns-promise-massachusetts",
        "site": "holyoke-massachusetts",
        "hosts": [BROWNS_HOST],
        "venue": "Holyoke Public Library",
        "address": "250 Chestnut Street",
        "city": "Holyoke",
        "capacity": 12,
        "childcare": True,
        "languages": [("es", False), ("en", False)],
        "description": LISTENING_TEXT.format(city="Holyoke")
        + " A small-group session held in Spanish and English. Childcare is offered.",
    },
    {
        "slug": "nsrn-boston-leadership-team-working-meeting",
        "title": "New Skills ready network Boston: leadership team working meeting",
        "kind": Event.Kind.WORKING_MEETING,
        "days": 8,
        "initiative": "new-skills-ready-network-boston",
        "site": "boston-massachusetts",
        "hosts": ["EdVestors"],
        "format": Event.Format.HYBRID,
        "venue": "Bunker Hill Community College",
        "address": "250 New Rutherford Avenue",
        "city": "Boston",
        "online_url": "https://meet.example.org/nsrn-boston-leadership-team",
        "capacity": 30,
        "languages": [("en", False)],
        "description": (
            "The cross-sector leadership team reviews the pilot high school applications and "
            "the draft data-sharing agreement. For leadership team partners and their "
            "workgroups."
        ),
    },
    {
        "slug": "educator-voice-academy-cohort-session",
        "title": "Educator Voice Academy: cohort session",
        "kind": Event.Kind.COHORT_SESSION,
        "days": 33,
        "initiative": "opportunity-coalition",
        "hosts": ["Opportunity Coalition"],
        "format": Event.Format.ONLINE,
        "online_url": "https://meet.example.org/educator-voice-academy",
        "capacity": 30,
        "languages": [("en", False)],
        "description": (
            "A session of the Educator Voice Academies to Amplify Marginalized Perspectives: "
            "educators practice advocating for their students and for public education, with "
            "coaching and community."
        ),
    },
]

# People who register in the demo: (name, language, interpretation, children, needs a ride).
PEOPLE = [
    ("Ana Rodríguez", "es", "", 2, False),
    ("Luis Ortiz", "es", "", 0, True),
    ("Maria Santos", "es", "", 1, False),
    ("James Carter", "en", "", 0, False),
    ("Keisha Williams", "en", "", 3, False),
    ("Nadia Pierre", "en", "ht", 0, True),
    ("Joseph Nguyen", "en", "", 0, False),
    ("Carmen Díaz", "es", "", 2, True),
    ("Daniel Rivera", "en", "", 0, False),
    ("Fatima Hassan", "en", "", 1, False),
    ("Sophia Costa", "en", "pt", 2, False),
    ("Marcus Johnson", "en", "", 0, False),
    ("Yolanda Cruz", "es", "", 0, False),
    ("Peter Sullivan", "en", "", 0, False),
    ("Rosa Martínez", "es", "", 1, False),
    ("Jean-Baptiste Louis", "en", "ht", 0, False),
    ("Linda Chen", "en", "", 0, False),
    ("Miguel Torres", "es", "", 2, False),
    ("Grace O'Brien", "en", "", 0, False),
    ("Samuel Mensah", "en", "", 0, True),
    ("Isabel Gomes", "en", "pt", 1, False),
    ("Kevin Tran", "en", "", 0, False),
    ("Angela Reyes", "es", "", 0, False),
    ("Thomas Murphy", "en", "", 0, False),
    ("Jasmine Lee", "en", "", 0, False),
    ("Roberto Vega", "es", "", 1, True),
    ("Esther Joseph", "en", "ht", 0, False),
    ("Paula Fernandes", "en", "pt", 0, False),
    ("David Kim", "en", "", 0, False),
    ("Lucía Morales", "es", "", 2, False),
]
PAST_TURNOUT = [9, 12, 10, 11, 14]  # registrations at each past session, in PAST_SESSIONS order
NO_SHOWS = 2  # the last registrants of each past session did not come
# upcoming slug -> (how many of PEOPLE confirmed, from which index, waitlisted after them)
UPCOMING_SIGNUPS = {
    "community-listening-session-lynn": (9, 2, 0),
    "community-listening-session-springfield": (6, 12, 0),
    "community-listening-session-holyoke": (12, 14, 3),  # full, with a waiting list
    "nsrn-boston-leadership-team-working-meeting": (5, 20, 0),
    "educator-voice-academy-cohort-session": (7, 23, 0),
}
LYNN_ACCESS_NEED = ("Keisha Williams", "Wheelchair user: a step-free route and seat, please.")

# --- What we heard -------------------------------------------------------------------------

SUMMARY = (
    "Families, students, educators and advocates from {city} met the Brown's Promise "
    "Massachusetts team. They said what we keep hearing across the state: all children, "
    "regardless of race, class or zip code, deserve the same opportunities to thrive, and "
    "learning with and from people of different backgrounds strengthens us all. What we heard "
    "here feeds the policy agenda we are co-creating with partners in Lynn, Springfield and "
    "Holyoke."
)
SUMMARY_ES = (
    "Familias, estudiantes, educadores y defensores de {city} se reunieron con el equipo de "
    "Brown's Promise Massachusetts. Dijeron lo que seguimos escuchando en todo el estado: "
    "todos los niños, sin importar su raza, clase social o código postal, merecen las mismas "
    "oportunidades para prosperar, y aprender con y de personas de orígenes diferentes nos "
    "fortalece a todos. Lo que escuchamos aquí alimenta la agenda de políticas que estamos "
    "creando junto con nuestros socios en Lynn, Springfield y Holyoke."
)
AGENDA = "co-create-segregation-policy-agenda"
RESEARCH = "equip-advocates-with-research-and-tools"
NARRATIVE = "shared-public-narrative"
# (title, title_es, description, description_es, objective slugs); {city} is filled in.
THEMES = [
    (
        "Every child deserves the same opportunities",
        "Todos los niños merecen las mismas oportunidades",
        "People in {city} said that all children, regardless of race, class or zip code, "
        "deserve the same opportunities to thrive.",
        "Las personas de {city} dijeron que todos los niños, sin importar su raza, clase "
        "social o código postal, merecen las mismas oportunidades para prosperar.",
        [AGENDA],
    ),
    (
        "Learning across backgrounds strengthens us all",
        "Aprender entre orígenes diferentes nos fortalece a todos",
        "People in {city} said that learning with and from people of different backgrounds "
        "strengthens everyone.",
        "Las personas de {city} dijeron que aprender con y de personas de orígenes diferentes "
        "nos fortalece a todos.",
        [AGENDA, NARRATIVE],
    ),
]
# The most recent session's report closes with where the work goes next.
LAST_THEME = (
    "From conversation to transformation",
    "De la conversación a la transformación",
    "People asked what would change after the sessions. Partners and advocates need the "
    "research and tools to push for integrated, well-resourced schools.",
    "Las personas preguntaron qué cambiaría después de las sesiones. Los socios y defensores "
    "necesitan la investigación y las herramientas para impulsar escuelas integradas y con "
    "buenos recursos.",
    [RESEARCH, AGENDA],
)
# Heard, but no objective answers it yet: it shows on the leads' dashboard.
OPEN_THEME = (
    "Learn from the mistakes of past integration efforts",
    "Aprender de los errores de los esfuerzos de integración del pasado",
    "People in {city} remembered that early integration efforts were far from perfect, and "
    "asked how this work will learn from them.",
    "Las personas de {city} recordaron que los primeros esfuerzos de integración estuvieron "
    "lejos de ser perfectos, y preguntaron cómo este trabajo aprenderá de ellos.",
    [],
)
# Someone asking to join a partner that has no admin on the portal: a lead decides.
STAFF_REQUEST = ("Jordan Reyes", "Boston Private Industry Council", "Career pathways coordinator")

SUGGESTIONS = [
    {
        "place": "Lynn Public Library",
        "community": "Lynn",
        "reason": (
            "It is downtown, near the buses, and families already bring their children there "
            "after school."
        ),
        "contact_name": "Maria Santos",
        "contact_email": "maria.santos@example.org",
        "language": "es",
        "status": LocationSuggestion.Status.SCHEDULED,
        "event": "community-listening-session-lynn",
    },
    {
        "place": "Mason Square Branch Library",
        "community": "Springfield",
        "reason": "Many families in the neighborhood cannot get downtown in the evening.",
        "contact_name": "Marcus Johnson",
        "contact_email": "marcus.johnson@example.org",
        "status": LocationSuggestion.Status.CONSIDERING,
    },
    {
        "place": "Holyoke Community College",
        "community": "Holyoke",
        "reason": (
            "Parents who take evening classes there could come straight after class, and "
            "there is parking."
        ),
        "by_member": True,
        "language": "es",
        "status": LocationSuggestion.Status.NEW,
    },
]

# --- Demo accounts -------------------------------------------------------------------------

# Leads and organization admins must use two-factor authentication: their demo accounts
# come with an authenticator app (settings.DEMO_TOTP_SECRET).
TWO_FACTOR_ACCOUNTS = {"lead@example.org", "admin@example.org"}
ACCOUNTS = [
    {"email": "lead@example.org", "name": "Dana Whitfield", "is_coalition_lead": True},
    {
        "email": "staff@example.org",
        "name": "Marisol Vega",
        "membership": ("EdVestors", Membership.Role.STAFF, "Program Manager"),
    },
    {
        "email": "admin@example.org",
        "name": "Gregory Hall",
        "membership": ("EdVestors", Membership.Role.ADMIN, "Director of Programs"),
    },
    {"email": "member@example.org", "name": "Rosa Delgado", "preferred_language": "es"},
]

COUNTED = [
    User,
    EmailAddress,
    Organization,
    Membership,
    Initiative,
    InitiativePartner,
    FocusArea,
    DemonstrationSite,
    Indicator,
    Measurement,
    Objective,
    Milestone,
    ProgressUpdate,
    Event,
    EventLanguage,
    Registration,
    SessionReport,
    Theme,
    LocationSuggestion,
]


# --- Loader --------------------------------------------------------------------------------


def load() -> dict[str, int]:
    """Create or refresh every demo row, in one transaction; return row counts per model."""
    today = timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        orgs = _organizations()
        users = _accounts(orgs, now)
        initiatives = _initiatives(orgs)
        focus = _focus_areas(initiatives)
        sites = _sites(initiatives, orgs)
        indicators = _indicators(initiatives, sites, users["lead@example.org"])
        objectives = _objectives(initiatives, focus, sites, indicators, orgs)
        updates = _updates(objectives, users, orgs, now)
        _milestones(objectives, updates, today)
        events = _events(initiatives, sites, orgs, users["lead@example.org"], today)
        _registrations(events, users, now)
        _reports(events, objectives, users["lead@example.org"])
        _suggestions(events, users["member@example.org"])
    return {model._meta.verbose_name_plural: model.objects.count() for model in COUNTED}


def _local(day: dt.date, hour: int = 18) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LOCAL)


def email_for(name: str) -> str:
    return slugify(name).replace("-", ".") + "@example.org"


def _organizations():
    orgs = {}
    for data in ORGANIZATIONS:
        data = {"city": "", "region": "", "website": "", **data}
        org, _ = Organization.objects.update_or_create(
            slug=slugify(data["name"]), defaults={**data, "approved": True}
        )
        orgs[org.name] = org
    return orgs


def _accounts(orgs, now):
    users = {}
    for data in ACCOUNTS:
        data = dict(data)
        email = data.pop("email")
        membership = data.pop("membership", None)
        user, _ = User.objects.update_or_create(email=email, defaults=data)
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        users[email] = user
        if email in TWO_FACTOR_ACCOUNTS:
            _demo_authenticator(user)
        if membership:
            org, role, title = membership
            Membership.objects.update_or_create(
                user=user,
                organization=orgs[org],
                defaults={
                    "role": role,
                    "title": title,
                    "status": Membership.Status.ACTIVE,
                    "decided_at": now,
                },
            )
    name, org, title = STAFF_REQUEST
    asking, _ = User.objects.update_or_create(email=email_for(name), defaults={"name": name})
    EmailAddress.objects.update_or_create(
        user=asking, email=asking.email, defaults={"verified": True, "primary": True}
    )
    Membership.objects.update_or_create(
        user=asking,
        organization=orgs[org],
        defaults={"title": title, "status": Membership.Status.REQUESTED},
    )
    return users


def _demo_authenticator(user):
    """The authenticator app of a demo account, from DEMO_TOTP_SECRET, with recovery codes."""
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing and decrypt(existing.data["secret"]) == settings.DEMO_TOTP_SECRET:
        return
    Authenticator.objects.filter(user=user).delete()
    TOTP.activate(user, settings.DEMO_TOTP_SECRET)
    RecoveryCodes.activate(user)


def _initiatives(orgs):
    initiatives = {}
    for data in INITIATIVES:
        data = {"short_name": "", "vision": "", "start_date": None, "end_date": None, **data}
        slug = data.pop("slug")
        data["parent"] = initiatives.get(data.pop("parent", None))
        initiatives[slug], _ = Initiative.objects.update_or_create(slug=slug, defaults=data)
    for slug, org, role in PARTNERSHIPS:
        InitiativePartner.objects.update_or_create(
            initiative=initiatives[slug], organization=orgs[org], defaults={"role": role}
        )
    return initiatives


def _focus_areas(initiatives):
    focus = {}
    for slug, areas in FOCUS_AREAS.items():
        for position, (kind, title, description) in enumerate(areas, start=1):
            focus[title], _ = FocusArea.objects.update_or_create(
                initiative=initiatives[slug],
                kind=kind,
                title=title,
                defaults={"description": description, "position": position},
            )
    return focus


def _sites(initiatives, orgs):
    sites = {}
    for data in SITES:
        data = {"state": "MA", **data}
        slug = data.pop("slug")
        linked = data.pop("initiatives")
        data["lead_organization"] = orgs.get(data.pop("lead", None))
        site, _ = DemonstrationSite.objects.update_or_create(slug=slug, defaults=data)
        site.initiatives.set([initiatives[s] for s in linked])
        sites[slug] = site
    return sites


def _indicators(initiatives, sites, recorder):
    indicators = {}
    for data in [*INDICATORS, MATH]:
        data = {"higher_is_better": True, **data}
        slug = data.pop("slug")
        measurements = data.pop("measurements", [])
        data["initiative"] = initiatives[data["initiative"]]
        indicator, _ = Indicator.objects.update_or_create(slug=slug, defaults=data)
        indicators[slug] = indicator
        for period_start, label, value in measurements:
            _measure(indicator, period_start, label, Decimal(value), data["source"], recorder)
    math = indicators[MATH["slug"]]
    for year, (period_start, label) in enumerate(MATH_PERIODS):
        for site_slug, base in MATH_BASE.items():
            for group, gap in MATH_GAP.items():
                value = Decimal(base + gap + year)
                _measure(
                    math, period_start, label, value, DEMO_SOURCE, recorder, group, sites[site_slug]
                )
    return indicators


def _measure(indicator, period_start, label, value, source, recorder, group="all", site=None):
    Measurement.objects.update_or_create(
        indicator=indicator,
        period_start=period_start,
        student_group=group,
        site=site,
        defaults={
            "period_label": label,
            "value": value,
            "source": source,
            "recorded_by": recorder,
        },
    )


def _objectives(initiatives, focus, sites, indicators, orgs):
    objectives = {}
    for data in OBJECTIVES:
        data = dict(data)
        slug = data.pop("slug")
        owners = data.pop("owners")
        data["initiative"] = initiatives[data["initiative"]]
        data["focus_area"] = focus.get(data.pop("focus", None))
        data["site"] = sites.get(data.pop("site", None))
        data["indicator"] = indicators.get(data.pop("indicator", None))
        data["target_value"] = data.pop("target_value", None)
        objective, _ = Objective.objects.update_or_create(slug=slug, defaults=data)
        objective.owners.set([orgs[name] for name in owners])
        objectives[slug] = objective
    return objectives


def _updates(objectives, users, orgs, now):
    updates = {}
    for slug, days, author, org, status, narrative, extra in UPDATES:
        update, _ = ProgressUpdate.objects.update_or_create(
            objective=objectives[slug],
            narrative=narrative,
            defaults={
                "author": users[author],
                "organization": orgs[org],
                "status": status,
                "value": extra.get("value"),
                "evidence_url": extra.get("evidence_url", ""),
                "visibility": extra.get("visibility", ProgressUpdate.Visibility.PUBLIC),
                "created_at": now - dt.timedelta(days=days),
            },
        )
        updates[slug, days] = update
    return updates


def _milestones(objectives, updates, today):
    for slug, title, due, done in MILESTONES:
        Milestone.objects.update_or_create(
            objective=objectives[slug],
            title=title,
            defaults={
                "due_date": today + dt.timedelta(days=due),
                "completed_on": None if done is None else today + dt.timedelta(days=done),
                # The update posted the day it was done, if there is one, marked it done.
                "completed_by_update": None if done is None else updates.get((slug, -done)),
            },
        )
    for slug, title, due_date, completed_on in DATED_MILESTONES:
        Milestone.objects.update_or_create(
            objective=objectives[slug],
            title=title,
            defaults={"due_date": due_date, "completed_on": completed_on},
        )


def _event(slug, hosts, languages, **fields):
    event, _ = Event.objects.update_or_create(
        slug=slug, defaults={"status": Event.Status.PUBLISHED, **fields}
    )
    event.hosts.set(hosts)
    for language, interpretation in languages:
        EventLanguage.objects.update_or_create(
            event=event, language=language, defaults={"interpretation": interpretation}
        )
    event.demo_languages = languages  # read back by _register, saving a query per person
    return event


def _events(initiatives, sites, orgs, creator, today):
    events = {}
    browns = initiatives["browns-promise-massachusetts"]
    for city, day in PAST_SESSIONS:
        slug = f"community-engagement-session-{slugify(city)}-{day:%Y-%m-%d}"
        events[slug] = _event(
            slug,
            [orgs[BROWNS_HOST]],
            [("en", False)],
            kind=Event.Kind.LISTENING_SESSION,
            title=f"Community engagement session in {city}",
            description=(
                f"A Brown's Promise Massachusetts community engagement session with families, "
                f"students, educators and advocates in {city}."
            ),
            initiative=browns,
            site=sites[slugify(f"{city} Massachusetts")],
            starts_at=_local(day),
            ends_at=_local(day, 20),
            format=Event.Format.IN_PERSON,
            city=city,
            created_by=creator,
        )
    lab = initiatives["umass-boston-ece-action-lab"]
    webinar_hosts = [orgs["Opportunities Exchange"], orgs["University of Massachusetts Boston"]]
    for day, topic, about in WEBINARS:
        slug = slugify(f"{WEBINAR_SERIES} {topic}")
        events[slug] = _event(
            slug,
            webinar_hosts,
            [("en", False)],
            kind=Event.Kind.WEBINAR,
            title=f"{WEBINAR_SERIES}: {topic}",
            description=f"{about} {WEBINAR_INTRO}",
            initiative=lab,
            starts_at=_local(day, 12),
            ends_at=_local(day, 13),
            format=Event.Format.ONLINE,
            created_by=creator,
        )
    for data in UPCOMING:
        data = dict(data)
        slug = data.pop("slug")
        day = today + dt.timedelta(days=data.pop("days"))
        events[slug] = _event(
            slug,
            [orgs[name] for name in data.pop("hosts")],
            data.pop("languages"),
            initiative=initiatives[data.pop("initiative")],
            site=sites.get(data.pop("site", None)),
            childcare_offered=data.pop("childcare", False),
            starts_at=_local(day),
            ends_at=_local(day, 20),
            accessibility_notes=ASK_FOR_ACCESS,
            transit_notes=ASK_FOR_RIDE if data.get("format") != Event.Format.ONLINE else "",
            created_by=creator,
            **data,
        )
    return events


def _register(event, person, status, consented_at, user=None, checked_in_at=None):
    name, language, interpretation, children, ride = person
    # Only ask for what the event offers: an interpreter it has, childcare, a ride to a place.
    offered = {lang for lang, through in event.demo_languages if through}
    registration, _ = Registration.objects.exclude(
        status=Registration.Status.CANCELLED
    ).update_or_create(
        event=event,
        email=user.email if user else email_for(name),
        defaults={
            "user": user,
            "name": user.name if user else name,
            "language": language,
            "interpretation_language": interpretation if interpretation in offered else "",
            "children_count": children if event.childcare_offered else 0,
            "needs_transportation": ride and event.format != Event.Format.ONLINE,
            "accessibility_needs": LYNN_ACCESS_NEED[1] if name == LYNN_ACCESS_NEED[0] else "",
            "status": status,
            "consented_at": consented_at,
            "checked_in_at": checked_in_at,
        },
    )
    return registration


def _registrations(events, users, now):
    confirmed, waitlisted = Registration.Status.CONFIRMED, Registration.Status.WAITLISTED
    for (city, day), turnout in zip(PAST_SESSIONS, PAST_TURNOUT, strict=True):
        event = events[f"community-engagement-session-{slugify(city)}-{day:%Y-%m-%d}"]
        signed_up = event.starts_at - dt.timedelta(days=7)
        for i in range(turnout):
            person = PEOPLE[(i + turnout) % len(PEOPLE)]
            came = i < turnout - NO_SHOWS
            arrived = event.starts_at + dt.timedelta(minutes=5 + i) if came else None
            reg = _register(event, person, confirmed, signed_up, checked_in_at=arrived)
            # When they registered, not when the demo was loaded.
            Registration.objects.filter(pk=reg.pk).update(created_at=signed_up)
    for slug, (count, start, waiting) in UPCOMING_SIGNUPS.items():
        event = events[slug]
        people = [PEOPLE[(start + i) % len(PEOPLE)] for i in range(count + waiting)]
        for i, person in enumerate(people):
            status = confirmed if i < count else waitlisted
            reg = _register(event, person, status, now)
            # Sign-ups over the last weeks, so the dashboard has months to compare.
            Registration.objects.filter(pk=reg.pk).update(
                created_at=now - dt.timedelta(days=2 + 4 * i)
            )
    # The demo accounts' own registrations (the person tuple's name is unused for them).
    lynn = events["community-listening-session-lynn"]
    _register(lynn, ("", "es", "", 1, False), confirmed, now, user=users["member@example.org"])
    meeting = events["nsrn-boston-leadership-team-working-meeting"]
    for email in ("staff@example.org", "admin@example.org"):
        _register(meeting, ("", "en", "", 0, False), confirmed, now, user=users[email])


def _reports(events, objectives, author):
    for index, (city, day) in enumerate(PAST_SESSIONS):
        event = events[f"community-engagement-session-{slugify(city)}-{day:%Y-%m-%d}"]
        report, _ = SessionReport.objects.update_or_create(
            event=event,
            defaults={
                "summary": SUMMARY.format(city=city),
                "summary_es": SUMMARY_ES.format(city=city),
                "published_at": event.starts_at + dt.timedelta(days=14),
                "author": author,
            },
        )
        last = index == len(PAST_SESSIONS) - 1
        themes = [*THEMES, LAST_THEME, OPEN_THEME] if last else THEMES
        for position, (title, title_es, text, text_es, answered_by) in enumerate(themes, 1):
            theme, _ = Theme.objects.update_or_create(
                report=report,
                title=title,
                defaults={
                    "title_es": title_es,
                    "description": text.format(city=city),
                    "description_es": text_es.format(city=city),
                    "position": position,
                },
            )
            theme.objectives.set([objectives[slug] for slug in answered_by])


def _suggestions(events, member):
    for data in SUGGESTIONS:
        data = {"language": "en", **data}
        data["event"] = events.get(data.pop("event", None))
        if data.pop("by_member", False):
            data.update(submitted_by=member, contact_name=member.name, contact_email=member.email)
        LocationSuggestion.objects.update_or_create(
            place=data.pop("place"), community=data.pop("community"), defaults=data
        )
