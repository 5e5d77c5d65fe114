"""Deterministic synthetic news (mostly Arabic, with boilerplate and near-duplicates) for benchmarking."""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

# Languages of the corpus and their shares (about 80% Arabic).
LANG_WEIGHTS: dict[str, float] = {
    "ar": 0.80,
    "en": 0.05,
    "fr": 0.04,
    "fa": 0.03,
    "ur": 0.03,
    "ru": 0.03,
    "zh": 0.02,
}

# Edits applied to the copy of an earlier article to make a near-duplicate.
EDITS: tuple[str, ...] = ("drop_sentence", "change_words", "diacritics", "reorder_paragraphs")

_BASE_TIME = dt.datetime(2024, 3, 1, 6, 0, tzinfo=dt.UTC)
_POOL_SIZE = 400  # recent originals a near-duplicate may copy
_SLOT_POOL = 257  # pre-drawn slot values per language and topic


@dataclass(frozen=True)
class Outlet:
    """A news outlet: name, web domain, language and its own share line and footer."""

    name: str
    domain: str
    lang: str


OUTLETS: tuple[Outlet, ...] = (
    Outlet("الوطن اليوم", "alwatan-today.example", "ar"),
    Outlet("شبكة الخليج الإخبارية", "gulfnews-net.example", "ar"),
    Outlet("صحيفة المساء", "almasaa.example", "ar"),
    Outlet("بوابة النيل", "nile-gate.example", "ar"),
    Outlet("المغرب الجديد", "maghreb-jadid.example", "ar"),
    Outlet("الرافدين نيوز", "rafidain-news.example", "ar"),
    Outlet("شمس الأردن", "shams-jo.example", "ar"),
    Outlet("الشرق الرقمي", "sharq-digital.example", "ar"),
    Outlet("أخبار الساحل", "sahel-akhbar.example", "ar"),
    Outlet("المنارة", "almanara.example", "ar"),
    Outlet("صوت بيروت", "sawt-beirut.example", "ar"),
    Outlet("الجزيرة الخضراء", "green-island.example", "ar"),
    Outlet("وكالة الأنباء العربية المستقلة", "arab-indep-agency.example", "ar"),
    Outlet("قرطاج اليوم", "carthage-today.example", "ar"),
    Outlet("الدار البيضاء بريس", "casa-press.example", "ar"),
    Outlet("الخرطوم الآن", "khartoum-now.example", "ar"),
    Outlet("العاصمة 24", "alassima24.example", "ar"),
    Outlet("نبض الخليج", "nabd-gulf.example", "ar"),
    Outlet("Harbor Wire", "harborwire.example", "en"),
    Outlet("The Daily Ledger", "dailyledger.example", "en"),
    Outlet("Le Courrier du Matin", "courrier-matin.example", "fr"),
    Outlet("Info Rive Sud", "inforivesud.example", "fr"),
    Outlet("خبرگزاری پارس نو", "parsno.example", "fa"),
    Outlet("روزنامه صبح امروز", "sobh-emrooz.example", "fa"),
    Outlet("روزنامہ آفتاب", "aftab-daily.example", "ur"),
    Outlet("اردو خبر نامہ", "urdu-khabarnama.example", "ur"),
    Outlet("Северный вестник", "sev-vestnik.example", "ru"),
    Outlet("Новости Приволжья", "privolzhye-news.example", "ru"),
    Outlet("东方晨报", "dongfang-chenbao.example", "zh"),
    Outlet("南岸新闻网", "nanan-news.example", "zh"),
    Outlet("حصاد نيوز", "hasad-news.example", "ar"),
)

_TOPICS = ("politics", "economy", "sport", "technology", "culture", "health")

# Per language: entity lists, sentence parts and boilerplate. Slots: {p} person, {p2} second person,
# {role}, {c}/{c2} countries, {city}, {o} organisation of the topic, {co} company, {n} small number,
# {n2} larger number, {pct} percentage, {day} weekday, {month}.
_AR: dict[str, Any] = {
    "sep": " ",
    "people": [
        "محمد العبيدي",
        "سارة الحمدان",
        "خالد المنصوري",
        "ليلى بن عمر",
        "يوسف القاسمي",
        "نادية الشريف",
        "عمر الزهراني",
        "هدى السعدي",
        "أحمد الكبيسي",
        "منى الدباغ",
        "طارق الحسيني",
        "رانيا فخري",
        "سامي الجبوري",
        "فاطمة العلوي",
        "كريم بوزيد",
        "عبد الله الراشد",
        "ياسين المرزوقي",
        "ريم العتيبي",
        "حسن الطرابلسي",
        "جميلة بن سالم",
        "مروان الخطيب",
        "وداد الفاسي",
        "إبراهيم الدوري",
        "نور الهدى الساعدي",
        "بلال الشامي",
        "سلمى الحداد",
        "زياد النعيمي",
        "أمينة الإدريسي",
    ],
    "roles": [
        "وزير الخارجية",
        "وزير المالية",
        "رئيس الوزراء",
        "المتحدث باسم الحكومة",
        "محافظ البنك المركزي",
        "وزير الاقتصاد",
        "رئيس البرلمان",
        "وزير الاتصالات",
        "وزير الشباب والرياضة",
        "وزير الثقافة",
        "وزير الصحة",
        "مستشار الرئيس",
        "الأمين العام للحزب",
        "رئيس الغرفة التجارية",
    ],
    "countries": [
        "مصر",
        "المغرب",
        "الأردن",
        "تونس",
        "الجزائر",
        "العراق",
        "لبنان",
        "السعودية",
        "الإمارات",
        "قطر",
        "الكويت",
        "سلطنة عمان",
        "السودان",
        "ليبيا",
        "موريتانيا",
        "البحرين",
        "فرنسا",
        "ألمانيا",
        "تركيا",
        "اليابان",
        "الصين",
        "البرازيل",
        "الهند",
        "كندا",
        "إسبانيا",
        "إيطاليا",
        "نيجيريا",
        "إندونيسيا",
    ],
    "cities": [
        "القاهرة",
        "الرباط",
        "عمّان",
        "تونس العاصمة",
        "وهران",
        "بغداد",
        "بيروت",
        "الرياض",
        "دبي",
        "الدوحة",
        "مسقط",
        "الخرطوم",
        "طرابلس",
        "الإسكندرية",
        "مراكش",
        "البصرة",
        "جدة",
        "صفاقس",
        "قسنطينة",
        "أربيل",
        "المنامة",
        "نواكشوط",
        "طنجة",
        "أسوان",
        "صلالة",
        "الزرقاء",
        "بنغازي",
        "الموصل",
    ],
    "companies": [
        "نخلة للتقنية",
        "رمال سوفت",
        "مدار للاتصالات",
        "سحابة العرب",
        "واحة الذكاء",
        "بوصلة الرقمية",
        "جسور للحلول",
        "أفق الابتكار",
    ],
    "orgs": {
        "politics": [
            "جامعة الدول العربية",
            "الأمم المتحدة",
            "الاتحاد الأفريقي",
            "الاتحاد الأوروبي",
            "مجلس التعاون الخليجي",
            "منظمة التعاون الإسلامي",
        ],
        "economy": [
            "صندوق النقد الدولي",
            "البنك الدولي",
            "الهيئة العامة للإحصاء",
            "منظمة التجارة العالمية",
            "البنك الأفريقي للتنمية",
            "وكالة التصنيف الائتماني",
        ],
        "sport": [
            "الاتحاد العربي لكرة القدم",
            "اللجنة الأولمبية",
            "الاتحاد الأفريقي لكرة القدم",
            "رابطة الدوري المحترف",
            "الاتحاد الدولي لألعاب القوى",
        ],
        "technology": [
            "هيئة تنظيم الاتصالات",
            "وزارة الاقتصاد الرقمي",
            "الوكالة الوطنية للأمن السيبراني",
            "حاضنة الأعمال الوطنية",
            "الاتحاد الدولي للاتصالات",
        ],
        "culture": [
            "منظمة اليونسكو",
            "وزارة الثقافة",
            "المجلس الأعلى للفنون",
            "اتحاد الكتاب العرب",
            "هيئة المتاحف",
        ],
        "health": [
            "منظمة الصحة العالمية",
            "وزارة الصحة",
            "الهلال الأحمر",
            "المركز الوطني لمكافحة الأوبئة",
            "نقابة الأطباء",
        ],
    },
    "days": ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"],
    "months": [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ],
    "verbs": [
        "وقال|إن",
        "وأكد|أن",
        "وأوضح|أن",
        "وأشار|إلى أن",
        "وأضاف|أن",
        "وصرح|بأن",
        "وذكر|أن",
        "وشدد|على أن",
        "واعتبر|أن",
        "ولفت|إلى أن",
    ],
    "speech": "{v} {role} {p} {ctx} {conn} {clause} {tail}.",
    "speech2": "{v} {conn} {clause} {tail}.",
    "contexts": [
        "في مؤتمر صحفي عقده في {city}",
        "في تصريحات لوسائل الإعلام",
        "خلال لقائه نظيره من {c2}",
        "في بيان نشره يوم {day}",
        "في كلمة ألقاها أمام المشاركين",
        "في حديث لإذاعة محلية",
        "خلال جلسة برلمانية",
        "عقب اجتماع مغلق في {city}",
        "في مقابلة تلفزيونية مساء {day}",
        "على هامش المنتدى الذي تستضيفه {city}",
        "في تدوينة على حسابه الرسمي",
        "أمام الصحفيين",
    ],
    "tails": [
        "خلال العام الحالي",
        "في أقرب وقت ممكن",
        "رغم التحديات الراهنة",
        "بحسب ما نقلته وسائل إعلام محلية",
        "وفق جدول زمني واضح",
        "قبل نهاية شهر {month}",
        "بالتنسيق مع الشركاء الإقليميين",
        "على المدى المتوسط",
        "في ظل الظروف الحالية",
        "بما يخدم مصلحة المواطنين",
        "دون تأخير",
        "خلال الأسابيع القليلة المقبلة",
    ],
    "clauses": {
        "politics": [
            "بلاده لن تقبل بأي حلول مفروضة من الخارج",
            "الحوار هو السبيل الوحيد لتجاوز الخلافات",
            "المفاوضات مع {c2} دخلت مرحلة حاسمة",
            "الحكومة ستعرض مشروع القانون على البرلمان",
            "الانتخابات المحلية ستجرى في موعدها",
            "التنسيق الأمني مع دول الجوار سيتعزز",
            "اللجنة المشتركة ستجتمع كل {n} أشهر لمتابعة التنفيذ",
            "ملف الحدود البحرية لا يزال عالقا",
            "{c} تدعم كل مبادرة تهدف إلى وقف التصعيد",
            "الزيارة تفتح صفحة جديدة في العلاقات الثنائية",
            "المعارضة مدعوة إلى المشاركة في الحوار الوطني",
            "{o} مطالبة بدور أكبر في حماية المدنيين",
        ],
        "economy": [
            "الحكومة تعمل على خطة لخفض العجز في الموازنة",
            "معدل التضخم سيتراجع إلى {pct} في المئة",
            "الاستثمارات الأجنبية المباشرة ارتفعت بشكل ملحوظ",
            "أسعار الوقود لن ترتفع في الربع المقبل",
            "الصادرات الزراعية سجلت نموا بنسبة {pct} في المئة",
            "البنك المركزي سيبقي على سعر الفائدة",
            "قطاع السياحة استعاد عافيته بعد سنوات من الركود",
            "الدين العام لن يتجاوز {n2} مليار دولار",
            "المشاريع الصغيرة ستحصل على قروض ميسرة",
            "اتفاقية التجارة الحرة مع {c2} ستدخل حيز التنفيذ قريبا",
            "الإصلاحات الضريبية ستوفر {n} مليارات إضافية",
            "تكاليف الشحن ما زالت تضغط على الأسعار",
        ],
        "sport": [
            "الفريق قدم أداء مميزا رغم الضغط الجماهيري",
            "اللاعبين جاهزون لخوض المباراة النهائية",
            "المنتخب يطمح إلى بلوغ الدور نصف النهائي",
            "الإصابات أثرت على تشكيلة الفريق",
            "الجهاز الفني سيمنح الفرصة للعناصر الشابة",
            "المعسكر الإعدادي سيقام في {city}",
            "الاتحاد سيعلن قائمة اللاعبين يوم {day}",
            "الجماهير كانت اللاعب رقم واحد في هذا اللقاء",
            "المنافسة على اللقب ما زالت مفتوحة",
            "الملعب الجديد سيتسع لنحو {n2} ألف متفرج",
        ],
        "technology": [
            "عدد مستخدمي التطبيق تجاوز {n2} ألف مستخدم",
            "الذكاء الاصطناعي سيغير سوق العمل",
            "الشركة ستفتتح مركزا للبيانات في {city}",
            "الهجمات الإلكترونية ضد البنوك تضاعفت",
            "شبكات الجيل الخامس ستغطي المدن الكبرى",
            "البرنامج سيدرب {n2} شاب على البرمجة",
            "حماية البيانات الشخصية أولوية للهيئة",
            "الاقتصاد الرقمي سيبلغ {pct} في المئة من الناتج",
            "الشركات الناشئة تحتاج إلى تمويل أكبر",
            "الخدمات الحكومية ستصبح رقمية بالكامل",
        ],
        "culture": [
            "المهرجان سيعرض {n} فيلما من دول عدة",
            "الرواية الفائزة تتناول حياة أسرة في {city}",
            "المعرض يضم {n2} قطعة فنية نادرة",
            "الموقع الأثري سيدرج ضمن التراث العالمي",
            "إقبال الزوار على معرض الكتاب فاق التوقعات",
            "المسرح يستعيد جمهوره بعد سنوات صعبة",
            "ترميم المدينة القديمة سيستغرق {n} سنوات",
            "الموسيقى التراثية تحتاج إلى دعم أكبر",
        ],
        "health": [
            "حملة التطعيم تستهدف {n2} ألف طفل",
            "المستشفيات ستستقبل المراجعين دون مواعيد",
            "حالات الإصابة بالأمراض التنفسية ارتفعت",
            "المستشفى الجديد سيضم {n2} سرير",
            "الوقاية تبدأ بغسل اليدين والتهوية الجيدة",
            "نقص الأدوية في الصيدليات سيعالج قريبا",
            "التأمين الصحي سيشمل {pct} في المئة من السكان",
            "الكوادر الطبية تعمل على مدار الساعة",
        ],
    },
    "facts": {
        "politics": [
            "ووصل وفد رسمي من {c2} إلى {city} صباح {day} في زيارة تستغرق {n} أيام.",
            "ويأتي هذا التطور بعد أسابيع من التوتر بين {c} و{c2} على خلفية خلافات تجارية.",
            "ومن المقرر أن يلقي {p} كلمة أمام اجتماع {o} في {month} المقبل.",
            "وانتقدت أحزاب المعارضة ما وصفته بغياب الشفافية في إدارة الملف.",
            "وشهدت {city} إجراءات أمنية مشددة تزامنا مع انعقاد القمة.",
            "ودعا البيان الختامي إلى احترام سيادة الدول وعدم التدخل في شؤونها الداخلية.",
        ],
        "economy": [
            "وسجل معدل التضخم السنوي في {c} {pct} في المئة خلال شهر {month}، وفق بيانات {o}.",
            "وأغلقت البورصة في {city} على ارتفاع بنحو {n} نقاط بدعم من أسهم البنوك.",
            "وتوقع {o} أن يبلغ النمو الاقتصادي {pct} في المئة العام المقبل.",
            "ووقعت {c} و{c2} اتفاقية تشمل أكثر من {n2} سلعة معفاة من الرسوم الجمركية.",
            "وتراجعت قيمة العملة المحلية أمام الدولار بنسبة طفيفة في تعاملات {day}.",
            "وبلغ حجم التبادل التجاري بين البلدين نحو {n2} مليون دولار العام الماضي.",
        ],
        "sport": [
            "وفاز منتخب {c} على نظيره منتخب {c2} بهدفين مقابل هدف على ملعب {city}.",
            "وسجل اللاعب {p2} هدف الفوز في الدقيقة {n2} من عمر المباراة.",
            "وبهذا الفوز رفع الفريق رصيده إلى {n} نقاط في صدارة المجموعة.",
            "وأعلن {o} تعديل موعد المباراة النهائية بسبب الظروف الجوية.",
            "وحضر اللقاء أكثر من {n2} ألف متفرج رغم ارتفاع أسعار التذاكر.",
            "وتعادل الفريقان سلبيا في مباراة الذهاب التي أقيمت الأسبوع الماضي.",
        ],
        "technology": [
            "وأطلقت شركة {co} الناشئة في {city} تطبيقا جديدا لإدارة مياه الري.",
            "وشهد معرض التقنية في {city} مشاركة {n2} شركة من {n} دول.",
            "وأعلنت {o} عن منصة رقمية موحدة للخدمات الحكومية.",
            "وحصلت شركة {co} على تمويل بقيمة {n} ملايين دولار في جولة استثمارية جديدة.",
            "ورصدت {o} أكثر من {n2} محاولة اختراق منذ بداية العام.",
        ],
        "culture": [
            "وافتتح في {city} مساء {day} مهرجان الفيلم العربي بحضور نخبة من الفنانين.",
            "وفازت الروائية {p2} بالجائزة الكبرى عن روايتها الأولى.",
            "وأعلنت {o} إطلاق برنامج لدعم الفنانين الشباب في {c}.",
            "ويستمر المعرض حتى نهاية شهر {month} ويفتح أبوابه يوميا من العاشرة صباحا.",
            "وتضمن البرنامج أمسيات شعرية وعروضا موسيقية من {c} و{c2}.",
        ],
        "health": [
            "وأعلنت وزارة الصحة في {c} تسجيل {n2} إصابة جديدة خلال الأسبوع الماضي.",
            "وافتتح في {city} مستشفى جديد مجهز بأحدث أجهزة التشخيص.",
            "وحذرت {o} من ارتفاع الإصابات مع دخول فصل الشتاء.",
            "وقال الطبيب {p2} إن الحصول على اللقاح في موعده يقلل مخاطر المضاعفات.",
            "وتشارك في الحملة {n2} فرقة طبية متنقلة تجوب القرى النائية.",
        ],
        "generic": [
            "ولم يصدر أي تعليق رسمي من {c2} حتى ساعة إعداد هذا الخبر.",
            "ويرى مراقبون أن هذه الخطوة قد تفتح الباب أمام تعاون أوسع في المنطقة.",
            "وبحسب الأرقام الرسمية، ارتفع العدد بنسبة {pct} في المئة منذ بداية العام.",
            "وكانت {c} قد شهدت تطورات مماثلة خلال العام الماضي.",
            'وتابع: "نحن أمام فرصة حقيقية يجب ألا نضيعها".',
            "ويتوقع أن تتضح الصورة بشكل أكبر خلال الأيام المقبلة.",
        ],
    },
    "titles": {
        "politics": [
            "{c} و{c2} تتفقان على جولة جديدة من المحادثات",
            "{role} {p} يزور {city} لبحث التعاون",
            "المعارضة في {c} تطالب بعرض الاتفاق على البرلمان",
            "قمة في {city} لبحث التصعيد الإقليمي",
        ],
        "economy": [
            "تراجع التضخم في {c} إلى {pct}% خلال {month}",
            "{o} يتوقع نمو اقتصاد {c}",
            "البورصة في {city} تغلق على ارتفاع",
            "اتفاقية تجارة حرة بين {c} و{c2}",
        ],
        "sport": [
            "منتخب {c} يفوز على {c2} في مباراة مثيرة",
            "{p2} يقود فريقه إلى الصدارة",
            "تأجيل نهائي البطولة في {city}",
            "{o} يعلن موعد القرعة",
        ],
        "technology": [
            "شركة {co} تطلق تطبيقا جديدا في {city}",
            "{c} تسرع التحول الرقمي",
            "تحذيرات من تزايد الهجمات الإلكترونية",
            "معرض للتقنية في {city} بمشاركة واسعة",
        ],
        "culture": [
            "انطلاق مهرجان الفيلم في {city}",
            "{p2} تفوز بجائزة الرواية",
            "إدراج موقع أثري في {c} على قائمة التراث",
            "معرض الكتاب في {city} يستقطب الزوار",
        ],
        "health": [
            "حملة تطعيم وطنية في {c}",
            "افتتاح مستشفى جديد في {city}",
            "{o} تحذر من موجة أمراض تنفسية",
            "وزارة الصحة تعلن خطة لمعالجة نقص الأدوية",
        ],
    },
    "bp": {
        "source": [
            "المصدر: {outlet}",
            "المصدر: وكالات",
            "المصدر: {outlet} + وكالات",
            "المصدر: {outlet}\n\nالمصدر: وكالات",
        ],
        "tags": "كلمات دلالية:",
        "nav": [
            "سياسة",
            "اقتصاد",
            "رياضة",
            "مقالات",
            "صحافة",
            "أفكار",
            "عالم الفن",
            "تكنولوجيا",
            "صحة",
            "تفاعلي",
            "منوعات",
            "فيديو",
            "مقابلات",
        ],
        "read_also": ["إقرأ أيضاً:", "اقرأ أيضا:", "شاهد أيضاً:", "ذات صلة:"],
        "related": ["مقالات مشابهة", "أخبار ذات صلة", "الأكثر قراءة", "قد يهمك أيضاً"],
        "promo": [
            " إنضم لقناة {outlet} على واتساب",
            " تابعوا {outlet} على تلغرام",
            " لمتابعة آخر الأخبار اشترك في قناتنا على واتساب",
            " حمل تطبيق {outlet} الآن",
        ],
        "share": ["شارك", "فيسبوك", "تويتر", "واتساب", "تلغرام", "طباعة", "نسخ الرابط", "حفظ"],
        "copyright": [
            "جميع الحقوق محفوظة © {year} {outlet}",
            "© {outlet} {year} - جميع الحقوق محفوظة",
            "حقوق النشر محفوظة لـ{outlet} {year}",
        ],
    },
}

_EN: dict[str, Any] = {
    "sep": " ",
    "people": [
        "Daniel Okafor",
        "Maria Lindqvist",
        "James Whitcombe",
        "Aisha Rahman",
        "Peter Novak",
        "Helen Carter",
        "Samuel Adeyemi",
        "Laura Bennett",
        "Tom Hargreaves",
        "Grace Mwangi",
        "Oliver Grant",
        "Nina Kowalski",
    ],
    "roles": [
        "Foreign Minister",
        "Finance Minister",
        "Prime Minister",
        "government spokesperson",
        "central bank governor",
        "Health Minister",
        "Trade Minister",
        "opposition leader",
    ],
    "countries": [
        "Kenya",
        "Canada",
        "Australia",
        "Nigeria",
        "Ireland",
        "Ghana",
        "New Zealand",
        "India",
        "Brazil",
        "Japan",
        "Egypt",
        "Morocco",
        "Norway",
        "Chile",
    ],
    "cities": [
        "Nairobi",
        "Toronto",
        "Sydney",
        "Lagos",
        "Dublin",
        "Accra",
        "Auckland",
        "Mumbai",
        "Cape Town",
        "Manchester",
        "Vancouver",
        "Perth",
    ],
    "companies": ["Northwind Labs", "Bluepeak Systems", "Solace Energy", "Quarry Data"],
    "orgs": {
        "politics": ["the United Nations", "the African Union", "the Commonwealth", "the European Union"],
        "economy": ["the International Monetary Fund", "the World Bank", "the national statistics office"],
        "sport": ["the football association", "the Olympic committee", "the league"],
        "technology": ["the communications regulator", "the national cyber security centre"],
        "health": ["the World Health Organization", "the Health Ministry", "the Red Cross"],
    },
    "days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "months": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "verbs": [
        "said|that",
        "told reporters|that",
        "stressed|that",
        "noted|that",
        "warned|that",
        "insisted|that",
    ],
    "speech": "{role} {p} {v} {ctx} {conn} {clause} {tail}.",
    "speech2": "The {role} also {v} {conn} {clause} {tail}.",
    "contexts": [
        "on {day}",
        "at a news conference in {city}",
        "in a statement",
        "during a visit to {city}",
        "in a radio interview",
        "after talks with officials from {c2}",
    ],
    "tails": [
        "this year",
        "as soon as possible",
        "despite the current difficulties",
        "according to local media",
        "before the end of {month}",
        "in the coming weeks",
        "over the medium term",
    ],
    "clauses": {
        "politics": [
            "the government would not accept solutions imposed from outside",
            "talks with {c2} had entered a decisive phase",
            "the bill would go to parliament",
            "local elections would be held on schedule",
            "the visit opened a new chapter in relations",
            "{o} should play a bigger role in protecting civilians",
        ],
        "economy": [
            "inflation would fall to {pct} percent",
            "foreign investment had risen sharply",
            "fuel prices would not rise next quarter",
            "small businesses would get cheaper loans",
            "the trade deal with {c2} would take effect soon",
            "shipping costs were still pushing up prices",
        ],
        "sport": [
            "the team had played well under heavy pressure",
            "the players were ready for the final",
            "injuries had hurt the squad",
            "young players would get their chance",
            "the new stadium would hold about {n2} thousand fans",
        ],
        "technology": [
            "the app had passed {n2} thousand users",
            "a data centre would open in {city}",
            "cyber attacks on banks had doubled",
            "start-ups needed more funding",
        ],
        "health": [
            "the vaccination campaign would reach {n2} thousand children",
            "hospitals would see patients without appointments",
            "respiratory infections were rising",
            "drug shortages would be resolved soon",
        ],
    },
    "facts": {
        "politics": [
            "A delegation from {c2} arrived in {city} on {day} for a {n}-day visit.",
            "Opposition parties criticised what they called a lack of transparency.",
            "Security was tight in {city} as the summit opened.",
        ],
        "economy": [
            "Annual inflation in {c} stood at {pct} percent in {month}, according to {o}.",
            "The main stock index in {city} closed up {n} points, led by bank shares.",
            "Trade between the two countries reached about {n2} million dollars last year.",
        ],
        "sport": [
            "{c} beat {c2} 2-1 in {city} on {day} night.",
            "{p2} scored the winner in the {n2}th minute.",
            "More than {n2} thousand spectators attended the match.",
        ],
        "technology": [
            "{co}, a start-up based in {city}, launched a new app for farmers.",
            "{co} raised {n} million dollars in a new funding round.",
        ],
        "health": [
            "The Health Ministry in {c} reported {n2} new cases last week.",
            "A new hospital with modern diagnostic equipment opened in {city}.",
        ],
        "generic": [
            "There was no immediate comment from {c2}.",
            "Analysts said the move could open the way to wider cooperation.",
            "Official figures show the number has risen {pct} percent since January.",
        ],
    },
    "titles": {
        "politics": ["{c} and {c2} agree to new round of talks", "{role} {p} visits {city}"],
        "economy": ["Inflation in {c} eases to {pct}% in {month}", "Stocks in {city} close higher"],
        "sport": ["{c} beat {c2} in tense match", "{p2} fires team to top of table"],
        "technology": ["{co} launches new app in {city}", "Warnings over rising cyber attacks"],
        "health": ["{c} launches national vaccination drive", "New hospital opens in {city}"],
    },
    "bp": {
        "source": ["Source: {outlet}", "Reporting by {p}; editing by {p2}", "(c) {outlet} with agencies"],
        "tags": "Tags:",
        "nav": ["World", "Business", "Sport", "Tech", "Health", "Opinion", "Video", "Live"],
        "read_also": ["Read more:", "Also read:", "See also:"],
        "related": ["Related stories", "Most read", "More from {outlet}"],
        "promo": [
            " Follow {outlet} on WhatsApp",
            " Join our Telegram channel for breaking news",
            " Sign up for our morning newsletter",
        ],
        "share": ["Share", "Facebook", "X", "WhatsApp", "Email", "Print", "Copy link"],
        "copyright": ["© {year} {outlet}. All rights reserved.", "Copyright {year} {outlet}"],
    },
}

_FR: dict[str, Any] = {
    "sep": " ",
    "people": [
        "Claire Dumont",
        "Julien Morel",
        "Amina Traoré",
        "Luc Bertrand",
        "Sophie Garnier",
        "Karim Belkacem",
        "Élodie Marchand",
        "Antoine Lefèvre",
        "Fatou Diallo",
        "Hugo Perrin",
    ],
    "roles": [
        "le ministre des Affaires étrangères",
        "la ministre de l'Économie",
        "le Premier ministre",
        "le porte-parole du gouvernement",
        "le gouverneur de la banque centrale",
        "la ministre de la Santé",
    ],
    "countries": [
        "la France",
        "la Belgique",
        "le Sénégal",
        "la Tunisie",
        "le Canada",
        "la Suisse",
        "le Maroc",
        "la Côte d'Ivoire",
        "le Cameroun",
        "le Mali",
    ],
    "cities": [
        "Paris",
        "Lyon",
        "Marseille",
        "Dakar",
        "Bruxelles",
        "Genève",
        "Abidjan",
        "Montréal",
        "Bordeaux",
        "Lille",
        "Toulouse",
    ],
    "companies": ["Lumina Tech", "Bleu Horizon", "Septentrion Data", "Alcyone"],
    "orgs": {
        "politics": [
            "l'Union africaine",
            "les Nations unies",
            "l'Union européenne",
            "l'Organisation de la Francophonie",
        ],
        "economy": ["le Fonds monétaire international", "la Banque mondiale", "l'institut de la statistique"],
        "sport": ["la fédération de football", "le comité olympique", "la ligue professionnelle"],
        "health": ["l'Organisation mondiale de la santé", "le ministère de la Santé", "la Croix-Rouge"],
    },
    "days": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "months": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "verbs": ["a déclaré|que", "a affirmé|que", "a souligné|que", "a indiqué|que", "a rappelé|que"],
    "speech": "{role}, {p}, {v} {ctx} {conn} {clause} {tail}.",
    "speech2": "Selon {role}, {clause} {tail}.",
    "contexts": [
        "{day}",
        "lors d'une conférence de presse à {city}",
        "dans un communiqué",
        "au cours d'une visite à {city}",
        "sur une radio locale",
    ],
    "tails": [
        "cette année",
        "dans les plus brefs délais",
        "malgré les difficultés actuelles",
        "selon la presse locale",
        "avant la fin du mois de {month}",
        "dans les prochaines semaines",
    ],
    "clauses": {
        "politics": [
            "le gouvernement n'accepterait aucune solution imposée de l'extérieur",
            "les discussions avec {c2} entraient dans une phase décisive",
            "le projet de loi serait soumis au Parlement",
            "les élections locales auraient lieu à la date prévue",
            "la visite ouvrait une nouvelle page dans les relations bilatérales",
        ],
        "economy": [
            "l'inflation reviendrait à {pct} %",
            "les investissements étrangers avaient nettement progressé",
            "les prix du carburant n'augmenteraient pas",
            "les petites entreprises obtiendraient des prêts",
            "le coût du transport maritime pesait toujours sur les prix",
        ],
        "sport": [
            "l'équipe avait bien joué malgré la pression",
            "les joueurs étaient prêts pour la finale",
            "les blessures avaient affaibli l'effectif",
            "les jeunes joueurs auraient leur chance",
        ],
        "health": [
            "la campagne de vaccination toucherait {n2} mille enfants",
            "les hôpitaux recevraient les patients sans rendez-vous",
            "les infections respiratoires étaient en hausse",
        ],
    },
    "facts": {
        "politics": [
            "Une délégation venue de {c2} est arrivée à {city} {day} pour une visite de {n} jours.",
            "L'opposition a dénoncé un manque de transparence dans ce dossier.",
        ],
        "economy": [
            "L'inflation annuelle a atteint {pct} % en {month}, selon {o}.",
            "La Bourse de {city} a clôturé en hausse de {n} points, portée par les valeurs bancaires.",
        ],
        "sport": [
            "L'équipe s'est imposée 2-1 à {city} {day} soir.",
            "Plus de {n2} mille spectateurs ont assisté à la rencontre.",
        ],
        "health": [
            "Le ministère de la Santé a recensé {n2} nouveaux cas la semaine dernière.",
            "Un nouvel hôpital équipé des dernières technologies a ouvert à {city}.",
        ],
        "generic": [
            "Aucune réaction officielle n'avait été enregistrée dans la soirée.",
            "Selon des observateurs, cette décision pourrait ouvrir la voie à une coopération plus large.",
            "Les chiffres officiels font état d'une hausse de {pct} % depuis janvier.",
        ],
    },
    "titles": {
        "politics": ["Nouvelle série de discussions avec {c2}", "{p} en visite à {city}"],
        "economy": ["L'inflation ralentit à {pct} % en {month}", "La Bourse de {city} termine en hausse"],
        "sport": ["Victoire à {city} face à une équipe combative", "{p2} offre la victoire à son équipe"],
        "health": ["Lancement d'une campagne nationale de vaccination", "Un nouvel hôpital ouvre à {city}"],
    },
    "bp": {
        "source": ["Source : {outlet}", "Avec AFP", "{outlet} avec agences"],
        "tags": "Mots-clés :",
        "nav": ["International", "Économie", "Sport", "Culture", "Santé", "Opinions", "Vidéos"],
        "read_also": ["Lire aussi :", "À lire aussi :"],
        "related": ["Articles similaires", "Les plus lus", "Sur le même sujet"],
        "promo": [
            " Suivez {outlet} sur WhatsApp",
            " Rejoignez notre chaîne Telegram",
            " Abonnez-vous à notre newsletter",
        ],
        "share": ["Partager", "Facebook", "X", "WhatsApp", "Imprimer", "Copier le lien"],
        "copyright": ["© {year} {outlet}. Tous droits réservés.", "Copyright {outlet} {year}"],
    },
}

_FA: dict[str, Any] = {
    "sep": " ",
    "people": [
        "علی رضایی",
        "مریم احمدی",
        "حسین کریمی",
        "زهرا موسوی",
        "رضا جعفری",
        "نرگس صادقی",
        "امیر حسینی",
        "فاطمه نوری",
    ],
    "roles": [
        "وزیر امور خارجه",
        "وزیر اقتصاد",
        "سخنگوی دولت",
        "رئیس کل بانک مرکزی",
        "وزیر بهداشت",
        "رئیس اتاق بازرگانی",
    ],
    "countries": [
        "ایران",
        "ترکیه",
        "عراق",
        "افغانستان",
        "ارمنستان",
        "قزاقستان",
        "چین",
        "هند",
        "روسیه",
        "عمان",
    ],
    "cities": ["تهران", "اصفهان", "شیراز", "مشهد", "تبریز", "کرمان", "رشت", "یزد", "اهواز"],
    "companies": ["داده‌پردازان نوین", "ابر آریا", "فناوران سپهر"],
    "orgs": {
        "politics": ["سازمان ملل متحد", "سازمان همکاری شانگهای", "مجلس شورا"],
        "economy": ["صندوق بین‌المللی پول", "مرکز آمار", "بانک جهانی"],
        "culture": ["یونسکو", "وزارت فرهنگ", "بنیاد سینمایی"],
        "health": ["سازمان جهانی بهداشت", "وزارت بهداشت", "هلال احمر"],
    },
    "days": ["شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه"],
    "months": [
        "فروردین",
        "اردیبهشت",
        "خرداد",
        "تیر",
        "مرداد",
        "شهریور",
        "مهر",
        "آبان",
        "آذر",
        "دی",
        "بهمن",
        "اسفند",
    ],
    "verbs": ["گفت|که", "تأکید کرد|که", "اعلام کرد|که", "افزود|که"],
    "speech": "{role} {p} {ctx} {v} {conn} {clause} {tail}.",
    "speech2": "وی همچنین {v} {conn} {clause} {tail}.",
    "contexts": [
        "روز {day}",
        "در نشست خبری در {city}",
        "در گفت‌وگو با خبرنگاران",
        "در بیانیه‌ای",
        "در سفر به {city}",
    ],
    "tails": ["در سال جاری", "در اسرع وقت", "با وجود مشکلات کنونی", "تا پایان {month}", "در هفته‌های آینده"],
    "clauses": {
        "politics": [
            "دولت هیچ راه‌حل تحمیلی را نمی‌پذیرد",
            "گفت‌وگو با {c2} وارد مرحله تازه‌ای شده است",
            "لایحه به مجلس ارسال خواهد شد",
            "این سفر فصل تازه‌ای در روابط دو کشور است",
        ],
        "economy": [
            "نرخ تورم به {pct} درصد کاهش می‌یابد",
            "صادرات غیرنفتی افزایش یافته است",
            "قیمت سوخت در فصل آینده تغییر نمی‌کند",
            "وام‌های کم‌بهره به کسب‌وکارهای کوچک داده می‌شود",
        ],
        "culture": [
            "جشنواره امسال {n} فیلم از کشورهای مختلف را نمایش می‌دهد",
            "نمایشگاه کتاب با استقبال گسترده مردم روبه‌رو شده است",
            "مرمت بافت تاریخی {city} {n} سال طول می‌کشد",
        ],
        "health": [
            "واکسیناسیون {n2} هزار کودک را پوشش می‌دهد",
            "بیمارستان‌ها بدون نوبت قبلی بیمار می‌پذیرند",
            "بیماری‌های تنفسی رو به افزایش است",
        ],
    },
    "facts": {
        "politics": ["هیئتی از {c2} روز {day} برای سفری {n} روزه وارد {city} شد."],
        "economy": [
            "نرخ تورم سالانه در ماه {month} به {pct} درصد رسید.",
            "شاخص بورس {city} با {n} واحد افزایش به کار خود پایان داد.",
        ],
        "culture": [
            "جشنواره بین‌المللی فیلم شامگاه {day} در {city} آغاز شد.",
            "{p2} جایزه بهترین رمان سال را از آن خود کرد.",
        ],
        "health": ["وزارت بهداشت از ثبت {n2} مورد جدید در هفته گذشته خبر داد."],
        "generic": [
            "تاکنون واکنش رسمی از سوی {c2} منتشر نشده است.",
            "کارشناسان معتقدند این اقدام می‌تواند راه را برای همکاری گسترده‌تر باز کند.",
        ],
    },
    "titles": {
        "politics": ["دور تازه گفت‌وگوهای {c} و {c2}", "سفر {role} به {city}"],
        "economy": ["کاهش تورم به {pct} درصد در {month}", "رشد شاخص بورس {city}"],
        "culture": ["آغاز جشنواره فیلم در {city}", "{p2} برنده جایزه رمان شد"],
        "health": ["آغاز طرح ملی واکسیناسیون", "افتتاح بیمارستان جدید در {city}"],
    },
    "bp": {
        "source": ["منبع: {outlet}", "منبع: خبرگزاری‌ها"],
        "tags": "برچسب‌ها:",
        "nav": ["سیاسی", "اقتصادی", "ورزشی", "فرهنگی", "بین‌الملل", "اجتماعی", "ویدئو"],
        "read_also": ["بیشتر بخوانید:", "بخوانید:"],
        "related": ["اخبار مرتبط", "پربازدیدترین‌ها"],
        "promo": [" کانال {outlet} را در تلگرام دنبال کنید", " ما را در واتساپ دنبال کنید"],
        "share": ["اشتراک‌گذاری", "تلگرام", "واتساپ", "چاپ", "کپی لینک"],
        "copyright": ["کلیه حقوق برای {outlet} محفوظ است © {year}"],
    },
}

_UR: dict[str, Any] = {
    "sep": " ",
    "people": ["احمد رضا", "عائشہ خان", "بلال حسین", "فرح ناز", "عمران شاہ", "ثنا ملک", "کامران اقبال"],
    "roles": ["وزیر خارجہ", "وزیر خزانہ", "وزیر اعظم", "حکومتی ترجمان", "وزیر صحت", "اپوزیشن لیڈر"],
    "countries": ["پاکستان", "چین", "سعودی عرب", "ترکی", "ایران", "بنگلہ دیش", "قطر", "ملائیشیا"],
    "cities": ["لاہور", "کراچی", "اسلام آباد", "پشاور", "کوئٹہ", "ملتان", "فیصل آباد", "حیدرآباد"],
    "companies": ["نیکسٹ سافٹ", "ڈیجیٹل پل"],
    "orgs": {
        "politics": ["اقوام متحدہ", "قومی اسمبلی", "الیکشن کمیشن"],
        "economy": ["عالمی مالیاتی فنڈ", "اسٹیٹ بینک", "ادارہ شماریات"],
        "sport": ["کرکٹ بورڈ", "اولمپک ایسوسی ایشن"],
        "health": ["عالمی ادارہ صحت", "محکمہ صحت"],
    },
    "days": ["پیر", "منگل", "بدھ", "جمعرات", "جمعہ", "ہفتہ", "اتوار"],
    "months": [
        "جنوری",
        "فروری",
        "مارچ",
        "اپریل",
        "مئی",
        "جون",
        "جولائی",
        "اگست",
        "ستمبر",
        "اکتوبر",
        "نومبر",
        "دسمبر",
    ],
    "verbs": ["نے کہا|کہ", "نے بتایا|کہ", "نے واضح کیا|کہ", "نے زور دیا|کہ"],
    "speech": "{role} {p} {ctx} {v} {conn} {clause} {tail}۔",
    "speech2": "انہوں {v} {conn} {clause} {tail}۔",
    "contexts": ["{day} کو", "{city} میں پریس کانفرنس کے دوران", "ایک بیان میں", "صحافیوں سے گفتگو میں"],
    "tails": ["رواں سال", "جلد از جلد", "موجودہ مشکلات کے باوجود", "{month} کے آخر تک", "آئندہ ہفتوں میں"],
    "clauses": {
        "politics": [
            "حکومت کوئی بیرونی حل قبول نہیں کرے گی",
            "{c2} کے ساتھ مذاکرات فیصلہ کن مرحلے میں ہیں",
            "بل قومی اسمبلی میں پیش کیا جائے گا",
            "بلدیاتی انتخابات وقت پر ہوں گے",
        ],
        "economy": [
            "مہنگائی کی شرح {pct} فیصد تک کم ہو جائے گی",
            "برآمدات میں نمایاں اضافہ ہوا ہے",
            "چھوٹے کاروبار کو آسان قرضے دیے جائیں گے",
            "پٹرول کی قیمت میں اضافہ نہیں ہوگا",
        ],
        "sport": [
            "ٹیم نے دباؤ کے باوجود اچھی کارکردگی دکھائی",
            "کھلاڑی فائنل کے لیے تیار ہیں",
            "نوجوان کھلاڑیوں کو موقع دیا جائے گا",
        ],
        "health": [
            "پولیو مہم میں {n2} ہزار بچوں کو قطرے پلائے جائیں گے",
            "سرکاری اسپتالوں میں مفت علاج جاری رہے گا",
        ],
    },
    "facts": {
        "politics": ["{c2} کا وفد {day} کو {n} روزہ دورے پر {city} پہنچا۔"],
        "economy": [
            "ادارہ شماریات کے مطابق {month} میں مہنگائی کی شرح {pct} فیصد رہی۔",
            "{city} اسٹاک ایکسچینج میں {n} سو پوائنٹس کا اضافہ دیکھا گیا۔",
        ],
        "sport": ["{c} نے {c2} کو {city} میں {n} وکٹوں سے شکست دے دی۔"],
        "health": ["محکمہ صحت نے گزشتہ ہفتے {n2} نئے کیسز کی تصدیق کی۔"],
        "generic": [
            "{c2} کی جانب سے تاحال کوئی باضابطہ ردعمل سامنے نہیں آیا۔",
            "ماہرین کے مطابق یہ قدم وسیع تعاون کی راہ ہموار کر سکتا ہے۔",
        ],
    },
    "titles": {
        "politics": ["{c} اور {c2} کے درمیان مذاکرات کا نیا دور", "{role} کا دورہ {city}"],
        "economy": ["مہنگائی کی شرح {pct} فیصد پر آ گئی", "{city} اسٹاک مارکیٹ میں تیزی"],
        "sport": ["{c} نے {c2} کو ہرا دیا", "{p2} کی شاندار بیٹنگ"],
        "health": ["ملک گیر پولیو مہم کا آغاز", "{city} میں نئے اسپتال کا افتتاح"],
    },
    "bp": {
        "source": ["ذریعہ: {outlet}", "بشکریہ: {outlet}"],
        "tags": "ٹیگز:",
        "nav": ["پاکستان", "دنیا", "کاروبار", "کھیل", "صحت", "ویڈیوز"],
        "read_also": ["یہ بھی پڑھیں:"],
        "related": ["متعلقہ خبریں", "سب سے زیادہ پڑھی جانے والی"],
        "promo": [" {outlet} کا واٹس ایپ چینل جوائن کریں", " تازہ ترین خبروں کے لیے ہمیں فالو کریں"],
        "share": ["شیئر کریں", "فیس بک", "واٹس ایپ", "ٹوئٹر", "پرنٹ"],
        "copyright": ["جملہ حقوق بحق {outlet} محفوظ ہیں © {year}"],
    },
}

_RU: dict[str, Any] = {
    "sep": " ",
    "people": [
        "Андрей Соколов",
        "Игорь Лебедев",
        "Павел Морозов",
        "Дмитрий Волков",
        "Сергей Кузнецов",
        "Олег Фёдоров",
        "Николай Орлов",
    ],
    "roles": [
        "министр иностранных дел",
        "министр финансов",
        "глава правительства",
        "пресс-секретарь",
        "председатель центробанка",
        "губернатор области",
    ],
    "countries": ["Казахстан", "Армения", "Белоруссия", "Узбекистан", "Китай", "Индия", "Турция", "Сербия"],
    "cities": ["Москве", "Казани", "Новосибирске", "Самаре", "Екатеринбурге", "Нижнем Новгороде", "Перми"],
    "companies": ["Северсофт", "Техновектор"],
    "orgs": {
        "politics": ["ООН", "ШОС", "Госдума"],
        "economy": ["Росстат", "МВФ", "Всемирный банк"],
        "sport": ["федерация футбола", "олимпийский комитет"],
        "technology": ["регулятор связи", "министерство цифрового развития"],
    },
    "days": [
        "в понедельник",
        "во вторник",
        "в среду",
        "в четверг",
        "в пятницу",
        "в субботу",
        "в воскресенье",
    ],
    "months": [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
    "verbs": ["заявил|что", "сообщил|что", "подчеркнул|что", "отметил|что"],
    "speech": "{role} {p} {ctx} {v}, {conn} {clause} {tail}.",
    "speech2": "По его словам, {clause} {tail}.",
    "contexts": [
        "{day}",
        "на пресс-конференции в {city}",
        "в интервью журналистам",
        "в официальном заявлении",
    ],
    "tails": [
        "в этом году",
        "в ближайшее время",
        "несмотря на трудности",
        "до конца {month}",
        "в ближайшие недели",
    ],
    "clauses": {
        "politics": [
            "переговоры с партнёрами вступили в решающую фазу",
            "законопроект будет внесён в парламент",
            "выборы пройдут в установленные сроки",
            "визит открывает новую страницу в отношениях",
        ],
        "economy": [
            "инфляция снизится до {pct} процента",
            "иностранные инвестиции заметно выросли",
            "цены на топливо не изменятся",
            "малый бизнес получит льготные кредиты",
        ],
        "sport": [
            "команда хорошо сыграла под давлением",
            "игроки готовы к финалу",
            "молодые футболисты получат шанс",
        ],
        "technology": [
            "число пользователей превысило {n2} тысяч",
            "в {city} откроется новый дата-центр",
            "кибератаки на банки участились",
        ],
    },
    "facts": {
        "politics": ["Делегация из страны-партнёра прибыла в город {day} с визитом на {n} дня."],
        "economy": [
            "Годовая инфляция в {month} составила {pct} процента, сообщил {o}.",
            "Индекс на бирже вырос на {n} пунктов благодаря акциям банков.",
        ],
        "sport": [
            "Команда одержала победу со счётом 2:1 {day}.",
            "На матче присутствовали более {n2} тысяч зрителей.",
        ],
        "technology": ["Компания {co} представила новое приложение для фермеров."],
        "generic": [
            "Официальных комментариев пока не поступало.",
            "По мнению экспертов, это решение может открыть путь к более широкому сотрудничеству.",
        ],
    },
    "titles": {
        "politics": ["Новый раунд переговоров", "Визит делегации в регион"],
        "economy": ["Инфляция замедлилась до {pct}%", "Биржевые индексы выросли"],
        "sport": ["Волевая победа в решающем матче", "{p2} принёс команде победу"],
        "technology": ["{co} запустила новое приложение", "Рост числа кибератак"],
    },
    "bp": {
        "source": ["Источник: {outlet}", "По материалам агентств"],
        "tags": "Теги:",
        "nav": ["Политика", "Экономика", "Спорт", "Общество", "Технологии", "Видео"],
        "read_also": ["Читайте также:"],
        "related": ["Похожие новости", "Самое читаемое"],
        "promo": [" Подписывайтесь на {outlet} в Telegram", " Читайте нас в WhatsApp"],
        "share": ["Поделиться", "ВКонтакте", "Telegram", "WhatsApp", "Печать"],
        "copyright": ["© {year} {outlet}. Все права защищены."],
    },
}

_ZH: dict[str, Any] = {
    "sep": "",
    "people": ["王建国", "李晓梅", "张伟", "陈静", "刘洋", "赵敏", "孙立平", "周海涛"],
    "roles": ["外交部发言人", "财政部部长", "市长", "央行行长", "卫生部门负责人", "公司总经理"],
    "countries": ["中国", "新加坡", "马来西亚", "泰国", "越南", "印度尼西亚", "日本", "韩国"],
    "cities": ["上海", "广州", "深圳", "杭州", "成都", "武汉", "西安", "南京", "重庆"],
    "companies": ["星河科技", "云帆数据", "启明智能"],
    "orgs": {
        "economy": ["国家统计局", "国际货币基金组织", "世界银行"],
        "technology": ["工业和信息化部", "网络安全中心"],
        "health": ["世界卫生组织", "卫生健康委员会"],
    },
    "days": ["周一", "周二", "周三", "周四", "周五", "周六", "周日"],
    "months": [
        "一月",
        "二月",
        "三月",
        "四月",
        "五月",
        "六月",
        "七月",
        "八月",
        "九月",
        "十月",
        "十一月",
        "十二月",
    ],
    "verbs": ["表示|", "指出|", "强调|", "透露|"],
    "speech": "{role}{p}{ctx}{v}，{conn}{clause}{tail}。",
    "speech2": "他还{v}，{conn}{clause}{tail}。",
    "contexts": ["{day}", "在{city}举行的新闻发布会上", "在接受采访时", "在声明中"],
    "tails": ["", "，今年内将取得进展", "，尽管面临不少困难", "，预计{month}底前完成"],
    "clauses": {
        "economy": ["通胀率将回落至{pct}%", "外国投资明显增加", "小微企业将获得低息贷款", "出口保持稳定增长"],
        "technology": [
            "应用用户已超过{n2}万",
            "将在{city}建设新的数据中心",
            "针对银行的网络攻击有所增加",
            "人工智能将改变就业市场",
        ],
        "health": ["疫苗接种将覆盖{n2}万名儿童", "医院将取消预约限制", "呼吸道疾病病例有所上升"],
    },
    "facts": {
        "economy": [
            "据{o}数据，{month}居民消费价格同比上涨{pct}%。",
            "{city}股市收盘上涨{n}点，银行股领涨。",
        ],
        "technology": ["{co}在{city}发布了一款面向农户的新应用。", "{co}完成了{n}亿元新一轮融资。"],
        "health": ["卫生部门通报上周新增{n2}例病例。", "{city}一家新医院正式投入使用。"],
        "generic": ["目前尚无官方回应。", "分析人士认为，此举有望推动更广泛的合作。"],
    },
    "titles": {
        "economy": ["{month}通胀回落至{pct}%", "{city}股市收涨"],
        "technology": ["{co}发布新应用", "网络攻击数量上升引发关注"],
        "health": ["全国疫苗接种活动启动", "{city}新医院投入使用"],
    },
    "bp": {
        "source": ["来源：{outlet}", "责任编辑：{p2}"],
        "tags": "标签：",
        "nav": ["首页", "国内", "国际", "财经", "科技", "体育", "视频"],
        "read_also": ["延伸阅读：", "相关阅读："],
        "related": ["相关新闻", "热门文章"],
        "promo": ["关注{outlet}微信公众号，获取更多资讯", "下载{outlet}客户端"],
        "share": ["分享到", "微信", "微博", "打印", "复制链接"],
        "copyright": ["版权所有 © {year} {outlet}", "未经授权禁止转载 {outlet}"],
    },
}

_LANGS: dict[str, dict[str, Any]] = {
    "ar": _AR,
    "en": _EN,
    "fr": _FR,
    "fa": _FA,
    "ur": _UR,
    "ru": _RU,
    "zh": _ZH,
}

# Arabic short vowels used to add diacritics to a near-duplicate (fatha, damma, kasra, sukun, shadda+fatha).
_HARAKAT = ("\u064e", "\u064f", "\u0650", "\u0652", "\u0651\u064e")
_AR_LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهي"
# Translation tables that vocalise Arabic consonants in three different ways.
_VOCALISE: tuple[dict[int, str], ...] = tuple(
    {ord(ch): ch + _HARAKAT[(i * k + k) % len(_HARAKAT)] for i, ch in enumerate(_AR_LETTERS)}
    for k in (1, 2, 3)
)


@dataclass
class _Story:
    """The article text of one original, kept so that later near-duplicates can copy it."""

    id: str
    lang: str
    topic: str
    outlet: Outlet
    title: str
    paragraphs: list[list[str]]
    target: int


class _Gen:
    """The generator state: one random stream, outlets per language and recent originals."""

    def __init__(self, seed: int, near_dup_rate: float, size: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.rnd = self.rng.random
        self.near_dup_rate = near_dup_rate
        self.size = size
        self.langs = list(LANG_WEIGHTS)
        self.cum = []
        acc = 0.0
        for w in LANG_WEIGHTS.values():
            acc += w
            self.cum.append(acc)
        self.outlets = {lang: [o for o in OUTLETS if o.lang == lang] for lang in _LANGS}
        self.topics = {lang: [t for t in _TOPICS if t in d["clauses"]] for lang, d in _LANGS.items()}
        self.pool: list[_Story] = []
        self.slot_pool: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.vocab = {lang: self._vocab(d) for lang, d in _LANGS.items()}

    @staticmethod
    def _vocab(d: dict[str, Any]) -> list[str]:
        """Words of a language's templates, used to replace words in a near-duplicate."""
        words: set[str] = set()
        for group in (d["clauses"], d["facts"]):
            for items in group.values():
                for s in items:
                    words.update(w for w in s.split() if "{" not in w and len(w) > 2)
        return sorted(words)

    def pick(self, seq: Sequence[str]) -> str:
        """A random item of seq (faster than random.choice)."""
        return seq[int(self.rnd() * len(seq))]

    def between(self, a: int, b: int) -> int:
        """A random integer in a..b (faster than random.randint)."""
        return a + int(self.rnd() * (b - a + 1))

    def pooled(self, lang: str, topic: str) -> dict[str, str]:
        """Slot values from a per-language pool filled on first use (cheaper than fresh ones)."""
        key = (lang, topic)
        pool = self.slot_pool.get(key)
        if pool is None:
            d = _LANGS[lang]
            pool = self.slot_pool[key] = [self.slots(d, topic) for _ in range(_SLOT_POOL)]
        return pool[int(self.rnd() * _SLOT_POOL)]

    def slots(self, d: dict[str, Any], topic: str) -> dict[str, str]:
        """Random slot values for one paragraph (the article's main entities are set by the caller)."""
        pick, between = self.pick, self.between
        orgs = d["orgs"].get(topic) or next(iter(d["orgs"].values()))
        return {
            "p": pick(d["people"]),
            "p2": pick(d["people"]),
            "role": pick(d["roles"]),
            "c": pick(d["countries"]),
            "c2": pick(d["countries"]),
            "city": pick(d["cities"]),
            "o": pick(orgs),
            "co": pick(d["companies"]),
            "n": str(between(2, 12)),
            "n2": str(between(15, 950)),
            "pct": f"{between(10, 99) / 10:.1f}",
            "day": pick(d["days"]),
            "month": pick(d["months"]),
        }

    def sentence(
        self, d: dict[str, Any], topic: str, s: dict[str, str], facts: list[str], again: bool = False
    ) -> str:
        """One sentence: a topic fact, or reported speech built from parts (shorter when `again`)."""
        pick = self.pick
        if facts and self.rnd() < 0.45:
            return facts.pop().format_map(s)
        verb, conn = pick(d["verbs"]).split("|")
        text: str = d["speech2" if again else "speech"].format(
            v=verb,
            conn=conn,
            role=s["role"],
            p=s["p"],
            ctx=pick(d["contexts"]),
            clause=pick(d["clauses"][topic]),
            tail=pick(d["tails"]),
        )
        text = text.format_map(s).replace("  ", " ").replace(" .", ".").replace(" ،", "،")
        return text[:1].upper() + text[1:]

    def story(self, idx: int) -> _Story:
        """A fresh original article: language, topic, outlet, title and paragraphs of the target size."""
        r = self.rng
        lang = self.langs[min(_bisect(self.cum, r.random() * self.cum[-1]), len(self.langs) - 1)]
        d = _LANGS[lang]
        topic = self.pick(self.topics[lang])
        outlet = self.outlets[lang][int(self.rnd() * len(self.outlets[lang]))]
        target = int(self.size * r.uniform(0.93, 1.07))
        base = self.slots(d, topic)
        title = self.pick(d["titles"][topic]).format_map(base)
        facts = list(d["facts"][topic]) + list(d["facts"]["generic"])
        r.shuffle(facts)
        budget = target * r.uniform(0.62, 0.78)
        paragraphs: list[list[str]] = []
        used = 0.0
        introduced = False  # whether the current speaker was already named
        while used < budget:
            s = dict(base)
            if paragraphs:  # later paragraphs bring in other people, places and numbers
                fresh = self.pooled(lang, topic)
                for k in ("p2", "c2", "n", "n2", "pct", "day", "month"):
                    s[k] = fresh[k]
                if self.rnd() < 0.5:  # another speaker
                    s["p"], s["role"], s["city"] = fresh["p"], fresh["role"], fresh["city"]
                    introduced = False
            para: list[str] = []
            for _ in range(self.between(1, 3)):
                left = len(facts)
                sent = self.sentence(d, topic, s, facts, again=introduced)
                introduced = introduced or len(facts) == left
                if paragraphs and used + len(sent.encode()) > budget * 1.05:
                    used = budget + 1  # the next sentence would overshoot: the article ends here
                    break
                para.append(sent)
                used += len(sent.encode()) + 1
            if para:
                paragraphs.append(para)
        return _Story(f"gen-{self.seed}-{idx}", lang, topic, outlet, title, paragraphs, target)

    def near_dup(self, idx: int, orig: _Story) -> tuple[_Story, list[str]]:
        """A re-publication of `orig` by another outlet with a few edits; returns it and the edits made."""
        r = self.rng
        others = [o for o in self.outlets[orig.lang] if o != orig.outlet] or self.outlets[orig.lang]
        edits = r.sample([e for e in EDITS if e != "diacritics" or orig.lang == "ar"], r.randint(1, 2))
        paragraphs = [list(p) for p in orig.paragraphs]
        sents = sum(len(p) for p in paragraphs)
        if "drop_sentence" in edits and sents > 2:
            pi = r.choice([i for i, p in enumerate(paragraphs) if p])
            del paragraphs[pi][r.randrange(len(paragraphs[pi]))]
            paragraphs = [p for p in paragraphs if p]
        if "reorder_paragraphs" in edits and len(paragraphs) > 2:
            i = r.randrange(1, len(paragraphs) - 1)
            paragraphs[i], paragraphs[i + 1] = paragraphs[i + 1], paragraphs[i]
        if "change_words" in edits:
            paragraphs = [[self.change_words(orig.lang, s) for s in p] for p in paragraphs]
        title = orig.title
        if "diacritics" in edits:
            paragraphs = [[_vocalise(s, r) for s in p] for p in paragraphs]
            title = _vocalise(title, r)
        story = _Story(
            f"gen-{self.seed}-{idx}", orig.lang, orig.topic, r.choice(others), title, paragraphs, orig.target
        )
        return story, sorted(edits)

    def change_words(self, lang: str, sentence: str) -> str:
        """Replace about 5-15% of the words (in short runs) with other words of the language."""
        r = self.rng
        if lang == "zh":
            chars = list(sentence)
            for _ in range(max(1, len(chars) // 12)):
                i = int(self.rnd() * len(chars))
                if chars[i] not in "，。：":
                    chars[i] = self.pick("新近将于各其更多大小")
            return "".join(chars)
        words = sentence.split(" ")
        k = max(1, round(len(words) * r.uniform(0.05, 0.15)))
        vocab = self.vocab[lang]
        i = 0
        while k > 0 and len(words) > 3:
            run = min(k, self.between(1, 3))
            i = int(self.rnd() * (len(words) - run + 1))
            for j in range(i, i + run):
                words[j] = self.pick(vocab)
            k -= run
        out = " ".join(words)
        return out if out.endswith((".", "۔")) else out + ("۔" if lang == "ur" else ".")

    def boilerplate(self, st: _Story, size_now: int) -> list[str]:
        """Boilerplate blocks after the article, filled until the body reaches the story's target size."""
        r = self.rng
        d = _LANGS[st.lang]
        bp = d["bp"]
        s = dict(self.pooled(st.lang, st.topic))
        s.update(outlet=st.outlet.name, year=str(2024 + r.randint(0, 1)))
        blocks: list[str] = [r.choice(bp["source"]).format_map(s)]
        if r.random() < 0.7:
            nav = bp["nav"]
            tags = [s["c"], s["city"], s["p"]] + r.sample(nav, min(len(nav), 4)) * r.randint(1, 3)
            blocks.append(
                f"{bp['tags']} " + d["sep"].join(tags) if d["sep"] else bp["tags"] + "、".join(tags)
            )
        if r.random() < 0.6:
            blocks.append(r.choice(bp["share"]) if r.random() < 0.3 else "\n".join(bp["share"]))
        used = size_now + sum(len(b.encode()) + 2 for b in blocks)
        if used < st.target * 0.9 and r.random() < 0.6:  # an appended second article
            other = r.choice([t for t in d["clauses"] if t != st.topic] or [st.topic])
            s2 = self.pooled(st.lang, other)
            facts = list(d["facts"][other])
            r.shuffle(facts)
            second = [r.choice(d["titles"][other]).format_map(s2)]
            for _ in range(r.randint(1, 3)):
                sent = self.sentence(d, other, s2, facts)
                if used + len(sent.encode()) * 2 > st.target:
                    break
                second.append(sent)
                used += len(sent.encode()) + 2
            blocks.append(r.choice(bp["read_also"]) + "\n\n" + "\n\n".join(second))
        footer = r.choice(bp["copyright"]).format_map(s)
        used += len(footer.encode()) + 2
        related: list[str] = []
        head = r.choice(bp["related"]).format_map(s)
        topics = list(d["titles"])
        while used < st.target * 0.97:
            topic = self.pick(topics)
            line = "  • " + self.pick(d["titles"][topic]).format_map(self.pooled(st.lang, topic))
            related.append(line)
            used += len(line.encode()) + 1
        if related:
            blocks.append(head + "\n\n" + "\n".join(related))
        for i in sorted(range(1, len(blocks)), key=lambda i: -len(blocks[i])):  # too long: drop some
            cost = len(blocks[i].encode()) + 2
            if used > st.target * 1.05 and used - cost >= st.target * 0.85:
                blocks[i] = ""
                used -= cost
        blocks = [b for b in blocks if b]
        blocks.append(footer)
        return blocks

    def article(self, idx: int) -> dict[str, Any]:
        """The next article of the corpus, original or near-duplicate."""
        r = self.rng
        near_of: str | None = None
        edits: list[str] = []
        if self.pool and r.random() < self.near_dup_rate:
            orig = r.choice(self.pool)
            st, edits = self.near_dup(idx, orig)
            near_of = orig.id
        else:
            st = self.story(idx)
            self.pool.append(st)
            if len(self.pool) > _POOL_SIZE:
                self.pool.pop(r.randrange(len(self.pool)))
        d = _LANGS[st.lang]
        paras = [d["sep"].join(p) for p in st.paragraphs]
        if r.random() < 0.3:  # a channel promo glued to the last sentence
            paras[-1] += r.choice(d["bp"]["promo"]).format(outlet=st.outlet.name)
        text = "\n\n".join(paras)
        body = "\n\n".join([text, *self.boilerplate(st, len(text.encode()))])
        when = _BASE_TIME + dt.timedelta(seconds=idx * 97 + r.randint(0, 90))
        iso = when.isoformat()[:19]
        day = iso[:10].replace("-", "/")
        return {
            "id": st.id,
            "source": st.outlet.name,
            "url": f"https://{st.outlet.domain}/{st.topic}/{day}/{idx}-{r.randrange(16**6):06x}",
            "title": st.title,
            "published_at": iso + "Z",
            "body": body,
            "metadata": {"near_dup_of": near_of, "edits": edits, "language": st.lang, "topic": st.topic},
        }


def _bisect(cum: Sequence[float], x: float) -> int:
    """Index of the first cumulative weight above x."""
    for i, c in enumerate(cum):
        if x < c:
            return i
    return len(cum) - 1


def _vocalise(text: str, r: random.Random) -> str:
    """Add Arabic short vowels to about a fifth of the words, as some outlets do."""
    words = text.split(" ")
    for i in range(0, len(words), 5):
        j = i + r.randrange(5) if i + 4 < len(words) else i
        words[j] = words[j].translate(_VOCALISE[r.randrange(3)])
    return " ".join(words)


def generate(
    n: int, seed: int = 7, near_dup_rate: float = 0.10, size: int = 3000
) -> Iterator[dict[str, Any]]:
    """Yield n deterministic articles (body ~size bytes, ±20% from 1500), ~near_dup_rate near-duplicates."""
    if n < 0 or size < 500 or not 0.0 <= near_dup_rate < 1.0:
        raise ValueError("need n >= 0, size >= 500 and 0 <= near_dup_rate < 1")
    gen = _Gen(seed, near_dup_rate, size)
    for i in range(n):
        yield gen.article(i)


def write_jsonl(
    path: str | Path, n: int, seed: int = 7, near_dup_rate: float = 0.10, size: int = 3000
) -> int:
    """Write n generated articles as JSON lines to path ('-' for stdout); return the number written."""
    count = 0
    out = sys.stdout.buffer if str(path) == "-" else open(path, "wb")  # noqa: SIM115 - closed below
    try:
        for art in generate(n, seed=seed, near_dup_rate=near_dup_rate, size=size):
            out.write(orjson.dumps(art) + b"\n")
            count += 1
    finally:
        if out is not sys.stdout.buffer:
            out.close()
        else:
            out.flush()
    return count


def main(argv: list[str] | None = None) -> int:
    """Command line: `streams corpus -n N --seed S -o FILE [--near-dup-rate R] [--size BYTES]`."""
    p = argparse.ArgumentParser(prog="streams corpus", description=__doc__)
    p.add_argument("-n", type=int, default=1000, help="number of articles")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("-o", "--output", default="-", help="JSON lines file (default stdout)")
    p.add_argument("--near-dup-rate", type=float, default=0.10)
    p.add_argument("--size", type=int, default=3000, help="approximate body size in bytes")
    args = list(sys.argv[1:] if argv is None else argv)
    a = p.parse_args(args[1:] if args[:1] == ["--"] else args)
    try:
        count = write_jsonl(a.output, a.n, seed=a.seed, near_dup_rate=a.near_dup_rate, size=a.size)
    except ValueError as e:
        p.error(str(e))
    if a.output != "-":
        print(f"{count} articles -> {a.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
