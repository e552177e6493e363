"""Words for the generated rows of `load_scale` (portal/scale.py): Massachusetts places, and
names and texts in English with their Spanish."""

CITIES = [
    "Boston",
    "Worcester",
    "Springfield",
    "Lowell",
    "Brockton",
    "Lynn",
    "New Bedford",
    "Fall River",
    "Lawrence",
    "Chelsea",
    "Holyoke",
    "Framingham",
    "Somerville",
    "Cambridge",
    "Quincy",
    "Revere",
    "Everett",
    "Malden",
    "Fitchburg",
    "Pittsfield",
]
PALABRAS = {
    "Family": "Familia",
    "Learning": "Aprendizaje",
    "Youth": "Juventud",
    "Community": "Comunidad",
    "Futures": "Futuros",
    "Bridges": "Puentes",
    "Pathways": "Caminos",
    "Promise": "Promesa",
    "Early Years": "Primeros Años",
    "Literacy": "Alfabetización",
    "Equity": "Equidad",
    "Neighbors": "Vecinos",
    "Opportunity": "Oportunidad",
    "Careers": "Carreras",
}
WORDS = list(PALABRAS)
KINDS_OF_ORG = ["Center", "Network", "Alliance", "Collaborative", "Fund", "Council", "Schools"]
TEXT = (
    "Partners met with families and teachers to review what changed this term, where "
    "students still wait for support, and which steps come next. "
)
TEXTO = (
    "Los socios se reunieron con familias y docentes para revisar qué cambió este período, "
    "dónde los estudiantes aún esperan apoyo y cuáles son los próximos pasos. "
)
