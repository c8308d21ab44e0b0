"""Word lists the sample generator draws from: names, titles, places, pages and tagging styles.

Each locale's names come as (display, ascii) pairs; the ascii form builds email addresses.
"""

from __future__ import annotations

LOCALES = ("pl", "en", "ca", "zh", "ru", "de")
LOCALE_BY_COUNTRY = {
    "PL": "pl",
    "GB": "en",
    "US": "en",
    "ES": "ca",
    "CN": "zh",
    "RU": "ru",
    "DE": "de",
    "FR": "en",
}
COUNTRY_WEIGHTS = {
    "PL": 0.34,
    "GB": 0.12,
    "US": 0.12,
    "ES": 0.12,
    "DE": 0.09,
    "CN": 0.09,
    "RU": 0.07,
    "FR": 0.05,
}
CURRENCY_BY_COUNTRY = {
    "PL": "PLN",
    "GB": "GBP",
    "US": "USD",
    "ES": "EUR",
    "DE": "EUR",
    "FR": "EUR",
    "CN": "CNY",
    "RU": "USD",
}
# Rough value of one unit of each currency in EUR, to keep amounts plausible across countries.
EUR_PER_UNIT = {"EUR": 1.0, "PLN": 0.23, "USD": 0.92, "GBP": 1.17, "CNY": 0.13}

CITIES = {
    "PL": ["Warszawa", "Kraków", "Wrocław", "Poznań", "Gdańsk", "Łódź", "Katowice", "Lublin"],
    "GB": ["London", "Manchester", "Birmingham", "Leeds", "Bristol", "Edinburgh"],
    "US": ["New York", "San Francisco", "Chicago", "Austin", "Boston", "Seattle"],
    "ES": ["Barcelona", "Girona", "Lleida", "Tarragona", "Sabadell", "Madrid", "València"],
    "DE": ["Berlin", "München", "Hamburg", "Köln", "Frankfurt am Main"],
    "CN": ["北京", "上海", "深圳", "广州", "杭州", "成都"],
    "RU": ["Москва", "Санкт-Петербург", "Новосибирск", "Екатеринбург", "Казань"],
    "FR": ["Paris", "Lyon", "Marseille", "Toulouse", "Lille"],
}

FIRST_NAMES = {
    "pl": [
        ("Łukasz", "lukasz"),
        ("Małgorzata", "malgorzata"),
        ("Paweł", "pawel"),
        ("Agnieszka", "agnieszka"),
        ("Krzysztof", "krzysztof"),
        ("Zofia", "zofia"),
        ("Grzegorz", "grzegorz"),
        ("Katarzyna", "katarzyna"),
        ("Michał", "michal"),
        ("Joanna", "joanna"),
        ("Piotr", "piotr"),
        ("Aleksandra", "aleksandra"),
        ("Tomasz", "tomasz"),
        ("Ewa", "ewa"),
        ("Jędrzej", "jedrzej"),
        ("Bożena", "bozena"),
    ],
    "en": [
        ("James", "james"),
        ("Olivia", "olivia"),
        ("Oliver", "oliver"),
        ("Amelia", "amelia"),
        ("Harry", "harry"),
        ("Emily", "emily"),
        ("Jack", "jack"),
        ("Sophie", "sophie"),
        ("Michael", "michael"),
        ("Jessica", "jessica"),
        ("David", "david"),
        ("Sarah", "sarah"),
    ],
    "ca": [
        ("Jordi", "jordi"),
        ("Núria", "nuria"),
        ("Pere", "pere"),
        ("Montserrat", "montserrat"),
        ("Joan", "joan"),
        ("Mercè", "merce"),
        ("Martí", "marti"),
        ("Laia", "laia"),
        ("Àlex", "alex"),
        ("Núria Maria", "nuriamaria"),
        ("Oriol", "oriol"),
        ("Anna", "anna"),
    ],
    "zh": [
        ("伟", "wei"),
        ("芳", "fang"),
        ("娜", "na"),
        ("敏", "min"),
        ("静", "jing"),
        ("磊", "lei"),
        ("洋", "yang"),
        ("艳", "yan"),
        ("勇", "yong"),
        ("军", "jun"),
    ],
    "ru": [
        ("Дмитрий", "dmitry"),
        ("Анна", "anna"),
        ("Сергей", "sergey"),
        ("Елена", "elena"),
        ("Алексей", "alexey"),
        ("Ольга", "olga"),
        ("Иван", "ivan"),
        ("Наталья", "natalya"),
        ("Андрей", "andrey"),
        ("Татьяна", "tatyana"),
    ],
    "de": [
        ("Jürgen", "juergen"),
        ("Anna", "anna"),
        ("Lukas", "lukas"),
        ("Sophie", "sophie"),
        ("Maximilian", "maximilian"),
        ("Lena", "lena"),
        ("Jörg", "joerg"),
        ("Mia", "mia"),
    ],
}
LAST_NAMES = {
    "pl": [
        ("Wójcik", "wojcik"),
        ("Kowalski", "kowalski"),
        ("Nowak", "nowak"),
        ("Wiśniewska", "wisniewska"),
        ("Kamiński", "kaminski"),
        ("Lewandowska", "lewandowska"),
        ("Zieliński", "zielinski"),
        ("Szymańska", "szymanska"),
        ("Woźniak", "wozniak"),
        ("Dąbrowski", "dabrowski"),
        ("Kaczmarek", "kaczmarek"),
        ("Grzegorzewska", "grzegorzewska"),
    ],
    "en": [
        ("Smith", "smith"),
        ("Jones", "jones"),
        ("Taylor", "taylor"),
        ("Brown", "brown"),
        ("Williams", "williams"),
        ("Wilson", "wilson"),
        ("Johnson", "johnson"),
        ("Davies", "davies"),
        ("O'Brien", "obrien"),
        ("Evans", "evans"),
    ],
    "ca": [
        ("Puig i Ferrer", "puig"),
        ("Vilaró", "vilaro"),
        ("Soler", "soler"),
        ("Ferrer", "ferrer"),
        ("Roca", "roca"),
        ("Batlle", "batlle"),
        ("Casals", "casals"),
        ("Pujol", "pujol"),
        ("Gràcia", "gracia"),
        ("Serra", "serra"),
    ],
    "zh": [
        ("王", "wang"),
        ("李", "li"),
        ("张", "zhang"),
        ("刘", "liu"),
        ("陈", "chen"),
        ("杨", "yang"),
        ("黄", "huang"),
        ("赵", "zhao"),
        ("吴", "wu"),
        ("周", "zhou"),
    ],
    "ru": [
        ("Смирнов", "smirnov"),
        ("Иванова", "ivanova"),
        ("Кузнецов", "kuznetsov"),
        ("Попова", "popova"),
        ("Соколов", "sokolov"),
        ("Лебедева", "lebedeva"),
        ("Козлов", "kozlov"),
        ("Новикова", "novikova"),
    ],
    "de": [
        ("Müller", "mueller"),
        ("Schmidt", "schmidt"),
        ("Schneider", "schneider"),
        ("Fischer", "fischer"),
        ("Weiß", "weiss"),
        ("Becker", "becker"),
        ("Schäfer", "schaefer"),
        ("Hoffmann", "hoffmann"),
    ],
}

# Buyer personas and the titles people with them write, per locale. The persona rules seed should
# recognise every one of these titles.
PERSONA_WEIGHTS = {
    "executive": 0.12,
    "marketing_leader": 0.10,
    "marketing_practitioner": 0.18,
    "sales_leader": 0.09,
    "sales_rep": 0.16,
    "it": 0.12,
    "finance": 0.08,
    "operations": 0.08,
    "other": 0.07,
}
JOB_TITLES = {
    "executive": {
        "pl": ["Prezes Zarządu", "Właściciel", "Członek Zarządu"],
        "en": ["CEO", "Founder & CEO", "Managing Director"],
        "ca": ["Director General", "Conseller delegat", "Fundador"],
        "zh": ["首席执行官", "总经理", "董事长"],
        "ru": ["Генеральный директор", "Основатель"],
        "de": ["Geschäftsführer", "Vorstandsvorsitzender"],
    },
    "marketing_leader": {
        "pl": ["Dyrektor Marketingu", "Kierownik Działu Marketingu"],
        "en": ["CMO", "Head of Marketing", "VP Marketing"],
        "ca": ["Directora de màrqueting", "Cap de màrqueting"],
        "zh": ["市场总监", "营销副总裁"],
        "ru": ["Директор по маркетингу", "Руководитель отдела маркетинга"],
        "de": ["Marketingleiter", "Leiterin Marketing"],
    },
    "marketing_practitioner": {
        "pl": ["Specjalista ds. marketingu", "Marketing Manager", "Content Marketing Specialist"],
        "en": [
            "Marketing Manager",
            "Content Marketing Specialist",
            "Digital Marketing Executive",
            "SEO Specialist",
        ],
        "ca": ["Tècnica de màrqueting", "Responsable de comunicació"],
        "zh": ["市场专员", "数字营销经理"],
        "ru": ["Маркетолог", "Менеджер по маркетингу"],
        "de": ["Marketing Manager", "Online-Marketing-Manager"],
    },
    "sales_leader": {
        "pl": ["Dyrektor Sprzedaży", "Kierownik Sprzedaży"],
        "en": ["VP Sales", "Sales Director", "Head of Sales"],
        "ca": ["Director comercial", "Cap de vendes"],
        "zh": ["销售总监", "销售副总裁"],
        "ru": ["Директор по продажам", "Коммерческий директор"],
        "de": ["Vertriebsleiter", "Head of Sales"],
    },
    "sales_rep": {
        "pl": ["Przedstawiciel handlowy", "Handlowiec", "Key Account Manager"],
        "en": ["Account Executive", "Sales Representative", "Business Development Manager"],
        "ca": ["Comercial", "Agent comercial"],
        "zh": ["销售代表", "客户经理"],
        "ru": ["Менеджер по продажам", "Специалист по продажам"],
        "de": ["Vertriebsmitarbeiter", "Account Manager"],
    },
    "it": {
        "pl": ["Kierownik IT", "Programista", "Administrator systemów"],
        "en": ["CTO", "IT Manager", "Software Engineer"],
        "ca": ["Responsable d'informàtica", "Desenvolupador"],
        "zh": ["技术总监", "软件工程师"],
        "ru": ["ИТ-директор", "Программист"],
        "de": ["IT-Leiter", "Softwareentwickler"],
    },
    "finance": {
        "pl": ["Główna Księgowa", "Dyrektor Finansowy", "Księgowa"],
        "en": ["CFO", "Accountant", "Finance Manager"],
        "ca": ["Comptable", "Director financer"],
        "zh": ["财务总监", "会计"],
        "ru": ["Бухгалтер", "Финансовый директор"],
        "de": ["Buchhalterin", "Finanzleiter"],
    },
    "operations": {
        "pl": ["Kierownik Biura", "Office Manager", "Dyrektor Operacyjny"],
        "en": ["COO", "Office Manager", "Operations Manager"],
        "ca": ["Director d'operacions", "Responsable d'oficina"],
        "zh": ["运营总监", "行政经理"],
        "ru": ["Операционный директор", "Офис-менеджер"],
        "de": ["Betriebsleiter", "Büroleiterin"],
    },
    "other": {
        "pl": ["Asystentka", "Student", "Stażysta"],
        "en": ["Assistant", "Student", "Consultant"],
        "ca": ["Assistent", "Estudiant"],
        "zh": ["助理", "学生"],
        "ru": ["Ассистент", "Студент"],
        "de": ["Assistentin", "Student"],
    },
}

INDUSTRY_WEIGHTS = {
    "IT": 0.20,
    "Marketing & Advertising": 0.10,
    "Construction": 0.10,
    "Entertainment": 0.05,
    "Financial Services": 0.08,
    "Healthcare": 0.07,
    "Retail": 0.10,
    "Manufacturing": 0.12,
    "Education": 0.06,
    "Logistics": 0.07,
    "Accounting": 0.05,
}
COMPANY_ROOTS = {
    "pl": [
        ("Budmax", "budmax"),
        ("Polsoft", "polsoft"),
        ("Technobud", "technobud"),
        ("Wiślany Handel", "wislanyhandel"),
        ("Żagiel", "zagiel"),
        ("Mazowsze Logistyka", "mazowszelogistyka"),
        ("Kraków Media", "krakowmedia"),
        ("Pomorskie Studio", "pomorskiestudio"),
        ("Sieć Zdrowia", "sieczdrowia"),
        ("Datalab", "datalab"),
    ],
    "en": [
        ("Brightline", "brightline"),
        ("Northwind", "northwind"),
        ("Bluepeak", "bluepeak"),
        ("Greenfield", "greenfield"),
        ("Ironbridge", "ironbridge"),
        ("Silverleaf", "silverleaf"),
        ("Cobalt", "cobalt"),
        ("Redstone", "redstone"),
        ("Oakridge", "oakridge"),
        ("Lumen", "lumen"),
    ],
    "ca": [
        ("Construccions Vallès", "construccionsvalles"),
        ("Mediterrània Digital", "mediterraniadigital"),
        ("Serveis Pirineu", "serveispirineu"),
        ("Gràfiques Montjuïc", "grafiquesmontjuic"),
        ("Logística Empordà", "logisticaemporda"),
        ("Salut Garrotxa", "salutgarrotxa"),
    ],
    "zh": [
        ("华为星", "huaweixing"),
        ("天元科技", "tianyuan"),
        ("长城数据", "changcheng"),
        ("东方云", "dongfangyun"),
        ("金桥物流", "jinqiao"),
        ("蓝海传媒", "lanhai"),
    ],
    "ru": [
        ("Северсталь Софт", "seversoft"),
        ("ТехноПром", "technoprom"),
        ("Волга Логистик", "volgalogistic"),
        ("Медиагрупп", "mediagroup"),
        ("СтройИнвест", "stroyinvest"),
    ],
    "de": [
        ("Bergmann", "bergmann"),
        ("Rheinwerk", "rheinwerk"),
        ("Alpenbau", "alpenbau"),
        ("Nordlicht", "nordlicht"),
        ("Mühlenhof", "muehlenhof"),
    ],
}
COMPANY_SUFFIX = {
    "pl": " Sp. z o.o.",
    "en": " Ltd",
    "ca": " S.L.",
    "zh": "有限公司",
    "ru": " ООО",  # noqa: RUF001 - Cyrillic on purpose
    "de": " GmbH",
}
COMPANY_TLD = {
    "PL": "pl",
    "GB": "co.uk",
    "US": "com",
    "ES": "cat",
    "DE": "de",
    "CN": "cn",
    "RU": "ru",
    "FR": "fr",
}

FREE_MAIL_BY_LOCALE = {
    "pl": ["gmail.com", "wp.pl", "onet.pl", "o2.pl", "interia.pl"],
    "en": ["gmail.com", "outlook.com", "yahoo.com", "hotmail.co.uk", "icloud.com"],
    "ca": ["gmail.com", "hotmail.es", "yahoo.es", "outlook.es"],
    "zh": ["qq.com", "163.com", "126.com", "sina.com"],
    "ru": ["yandex.ru", "mail.ru", "rambler.ru", "gmail.com"],
    "de": ["gmx.de", "web.de", "t-online.de", "gmail.com"],
}

CRM_IN_USE = ["spreadsheet", "other_crm", "none", "legacy_erp"]
OWNER_TEAMS = ["Inbound", "SMB", "Mid-Market", "Enterprise", "Customer Success"]

# Products, with the plan tier and the monthly list price in EUR.
PRODUCTS = [
    ("CRM Starter", "starter", 49.0, True),
    ("CRM Professional", "professional", 199.0, True),
    ("CRM Enterprise", "enterprise", 990.0, True),
    ("Marketing Automation", "add-on", 149.0, True),
    ("Onboarding Package", "services", 2500.0, False),
]
PRODUCT_WEIGHTS = [0.35, 0.30, 0.10, 0.15, 0.10]

SITE = "https://www.example-crm.com"
CONTENT_PAGES = {
    "blog": [
        "/blog/lead-scoring-guide",
        "/blog/crm-for-small-business",
        "/blog/email-deliverability",
        "/blog/sales-pipeline-stages",
        "/pl/blog/jak-wybrac-crm",
        "/blog/icp-definition",
    ],
    "pricing": ["/pricing", "/pl/cennik", "/pricing/enterprise"],
    "product": [
        "/product/crm",
        "/product/marketing-automation",
        "/product/lead-scoring",
        "/features/pipeline",
    ],
    "webinar": ["/webinars/segmentation-101", "/webinars/sales-forecasting"],
    "ebook": ["/resources/ebook-crm-buyers-guide", "/resources/ebook-email-benchmarks"],
    "case_study": ["/customers/budmax", "/customers/brightline"],
    "home": ["/", "/pl/"],
    "docs": ["/docs/getting-started", "/docs/api"],
    "demo": ["/demo", "/contact"],
}
CLICK_TOPICS = ["blog", "pricing", "product", "webinar", "ebook", "case_study"]

FORMS = {
    "contact": [("F-demo", "Request a demo", "/demo"), ("F-contact", "Contact us", "/contact")],
    "download": [
        ("F-ebook-guide", "Download: CRM buyer's guide", "/resources/ebook-crm-buyers-guide"),
        ("F-ebook-bench", "Download: Email benchmarks 2026", "/resources/ebook-email-benchmarks"),
    ],
    "webinar": [
        ("F-web-seg", "Webinar: Segmentation 101", "/webinars/segmentation-101"),
        ("F-web-fc", "Webinar: Sales forecasting", "/webinars/sales-forecasting"),
    ],
    "trial": [("F-trial", "Start free trial", "/pricing")],
    "newsletter": [("F-news", "Newsletter sign-up", "/blog/lead-scoring-guide")],
}
FORM_TYPE_WEIGHTS = {"download": 0.35, "contact": 0.22, "webinar": 0.15, "trial": 0.16, "newsletter": 0.12}

# Acquisition channels of a first visit: weights, and how each gets tagged in the wild. Each style is
# (utm_source, utm_medium, referrer) where None means "not set"; they are drawn uniformly.
CHANNEL_WEIGHTS = {
    "organic_search": 0.28,
    "paid_search": 0.14,
    "direct": 0.14,
    "organic_social": 0.08,
    "paid_social": 0.08,
    "referral": 0.08,
    "email": 0.07,
    "display": 0.05,
    "affiliate": 0.03,
    "organic_video": 0.02,
    "paid_video": 0.01,
    "sms": 0.01,
    "unrecognised": 0.01,
}
CHANNEL_STYLES: dict[str, list[tuple[str | None, str | None, str | None]]] = {
    "organic_search": [
        (None, None, "https://www.google.com/"),
        (None, None, "https://www.google.pl/"),
        (None, None, "https://www.bing.com/search?q=crm"),
        (None, None, "https://duckduckgo.com/"),
        (None, None, "https://www.baidu.com/s?wd=crm"),
        (None, None, "https://yandex.ru/search/?text=crm"),
        (None, None, "https://search.yahoo.com/"),
        (None, None, "https://www.ecosia.org/search?q=crm"),
    ],
    "paid_search": [
        ("google", "cpc", "https://www.google.com/"),
        ("Google", "CPC", "https://www.google.com/"),
        ("bing", "ppc", "https://www.bing.com/"),
        ("google", "paidsearch", None),
        ("adwords", "cpc", None),
        ("baidu", "cpc", "https://www.baidu.com/"),
    ],
    "direct": [(None, None, None)],
    "organic_social": [
        (None, None, "https://www.linkedin.com/"),
        (None, None, "https://t.co/abc"),
        (None, None, "https://www.facebook.com/"),
        (None, None, "https://m.facebook.com/"),
        ("linkedin", "social", None),
        ("facebook", "social-network", None),
        (None, None, "https://www.reddit.com/r/sales/"),
        (None, None, "https://vk.com/"),
    ],
    "paid_social": [
        ("facebook", "paid_social", None),
        ("linkedin", "cpc", "https://www.linkedin.com/"),
        ("Facebook", "Paid-Social", None),
        ("instagram", "paidsocial", None),
        ("fb", "cpc", None),
    ],
    "referral": [
        (None, None, "https://www.capterra.com/p/123/crm/"),
        (None, None, "https://partner-blog.pl/crm-ranking"),
        (None, None, "https://www.g2.com/products/crm"),
        (None, None, "https://news.ycombinator.com/"),
    ],
    "email": [
        ("newsletter", "email", None),
        ("mailchimp", "e-mail", None),
        ("hs_email", "Email", None),
        ("crm-segments", "e_mail", None),
    ],
    "display": [("gdn", "display", None), ("criteo", "banner", None), ("programmatic", "cpm", None)],
    "affiliate": [("partner123", "affiliate", None), ("awin", "affiliates", None)],
    "organic_video": [
        (None, None, "https://www.youtube.com/watch?v=abc"),
        (None, None, "https://vimeo.com/123"),
    ],
    "paid_video": [("youtube", "cpv", None), ("youtube", "video", "https://www.youtube.com/")],
    "sms": [("sms", "sms", None), ("smsapi", "SMS", None)],
    "unrecognised": [("partner-event", "qr-code", None), ("unknown", "offline-print", None)],
}
CHANNEL_LANDING_GROUPS = {
    "organic_search": ["blog", "blog", "home", "product", "pricing"],
    "paid_search": ["pricing", "product", "demo"],
    "direct": ["home", "pricing", "docs"],
    "organic_social": ["blog", "webinar", "case_study"],
    "paid_social": ["ebook", "webinar", "product"],
    "referral": ["product", "case_study", "home"],
    "email": ["webinar", "ebook", "blog", "pricing"],
    "display": ["ebook", "product"],
    "affiliate": ["pricing", "product"],
    "organic_video": ["webinar", "product"],
    "paid_video": ["product", "pricing"],
    "sms": ["pricing"],
    "unrecognised": ["home"],
}
# HubSpot's "Original Source" values a synced CRM records for the same channels.
HUBSPOT_ORIGINAL_SOURCE = {
    "organic_search": "ORGANIC_SEARCH",
    "paid_search": "PAID_SEARCH",
    "direct": "DIRECT_TRAFFIC",
    "organic_social": "SOCIAL_MEDIA",
    "paid_social": "PAID_SOCIAL",
    "referral": "REFERRALS",
    "email": "EMAIL_MARKETING",
    "display": "OTHER_CAMPAIGNS",
    "affiliate": "OTHER_CAMPAIGNS",
    "organic_video": "SOCIAL_MEDIA",
    "paid_video": "OTHER_CAMPAIGNS",
    "sms": "OTHER_CAMPAIGNS",
    "unrecognised": "OTHER_CAMPAIGNS",
}
CAMPAIGN_SLUGS = [
    "spring_promo",
    "crm-launch",
    "Webinar_Sept",
    "brand",
    "retargeting-q3",
    "black-friday",
    "ebook_guide",
    "PL_cennik",
    "lookalike",
    "newsletter-weekly",
]

MANUAL_TAGS = [
    "#VIP",
    "#Introducer",
    "#Vendor",
    "#Accountant",
    "#Feedback",
    "#ChatTranscript",
    "#Event",
    "#Admin",
]
CREATED_VIA_WEIGHTS = {
    "form": 0.55,
    "import": 0.14,
    "event": 0.10,
    "phone": 0.08,
    "chat": 0.07,
    "manual": 0.06,
}
ACTIVITY_TYPE_WEIGHTS = {"call": 0.30, "email": 0.30, "meeting": 0.12, "note": 0.18, "task": 0.10}
TICKET_CATEGORY_WEIGHTS = {
    "technical": 0.40,
    "onboarding": 0.20,
    "billing": 0.15,
    "feature_request": 0.15,
    "other": 0.10,
}
TICKET_PRIORITIES = ["low", "normal", "normal", "high", "urgent"]
DEAL_STAGES = [
    "appointmentscheduled",
    "qualifiedtobuy",
    "presentationscheduled",
    "decisionmakerboughtin",
    "contractsent",
]
INTERNAL_DOMAIN = "example-crm.com"
