"""Fixture articles written for the tests (several languages and scripts), and helpers to edit them."""

from __future__ import annotations

ARABIC_ECONOMY = (
    "أعلن البنك المركزي في القاهرة صباح الأحد عن رفع سعر الفائدة الأساسي بمقدار نقطتين مئويتين، "
    "في خطوة قال إنها تهدف إلى كبح التضخم الذي سجل مستويات قياسية خلال الأشهر الماضية.\n\n"
    "وقال محافظ البنك في مؤتمر صحفي إن لجنة السياسة النقدية درست البيانات الأخيرة بعناية، "
    "وإن القرار جاء بعد ارتفاع أسعار الغذاء والطاقة في الأسواق المحلية والعالمية.\n\n"
    "وتوقع خبراء اقتصاديون أن يؤدي القرار إلى تباطؤ الاقتراض لدى الشركات الصغيرة والمتوسطة، "
    "بينما رأى آخرون أنه ضروري لاستعادة ثقة المستثمرين الأجانب في الجنيه.\n\n"
    "وأشار المحافظ إلى أن البنك سيواصل مراقبة المؤشرات الاقتصادية عن كثب، "
    "وأنه مستعد لاتخاذ إجراءات إضافية إذا استمرت الضغوط التضخمية في الربع المقبل."
)

ARABIC_SPORT = (
    "فاز المنتخب المغربي على نظيره السنغالي بهدفين مقابل هدف واحد في المباراة الودية التي أقيمت "
    "مساء السبت على ملعب مدينة الرباط أمام أكثر من أربعين ألف متفرج.\n\n"
    "وسجل مهاجم الفريق الهدف الأول في الدقيقة الخامسة عشرة بعد تمريرة متقنة من خط الوسط، "
    "قبل أن يعادل الضيوف النتيجة من ركلة جزاء في نهاية الشوط الأول.\n\n"
    "وفي الشوط الثاني ضغط أصحاب الأرض بقوة حتى تمكن المدافع من تسجيل هدف الفوز برأسية "
    "إثر ركلة ركنية قبل عشر دقائق من نهاية اللقاء.\n\n"
    "وقال المدرب بعد المباراة إن الفريق أظهر روحا قتالية عالية، وإن الاستعداد لبطولة الأمم "
    "الأفريقية المقبلة يسير وفق الخطة الموضوعة."
)

ENGLISH_SCIENCE = (
    "Researchers at a university in Norway said on Tuesday that they had developed a battery that "
    "charges in under five minutes and keeps most of its capacity after a thousand cycles.\n\n"
    "The team, which published its findings in a peer-reviewed journal, used a new electrode "
    "material made from abundant minerals instead of cobalt, which is expensive and hard to source.\n\n"
    "Independent experts welcomed the results but cautioned that laboratory cells often behave "
    "differently when they are scaled up for electric cars and grid storage.\n\n"
    "The researchers said they were talking to two manufacturers about a pilot production line "
    "and hoped to have working prototypes within three years."
)

FRENCH_POLITICS = (
    "Le gouvernement a présenté mercredi un projet de loi visant à simplifier les démarches "
    "administratives des petites entreprises, une promesse de campagne du président.\n\n"
    "Selon le ministre de l'Économie, le texte supprimera une trentaine de formulaires et "
    "permettra aux entrepreneurs de gagner en moyenne deux jours de travail par an.\n\n"
    "L'opposition a dénoncé une réforme « cosmétique » qui, selon elle, ne répond pas aux "
    "difficultés de trésorerie que rencontrent de nombreux commerçants depuis la crise.\n\n"
    "Le projet doit être examiné par l'Assemblée nationale au début du mois prochain."
)

RUSSIAN_WEATHER = (
    "Сильный снегопад парализовал движение в нескольких регионах на севере страны, сообщили "
    "в понедельник местные власти.\n\n"
    "По данным синоптиков, за сутки выпало больше месячной нормы осадков, а температура "
    "опустилась до минус двадцати пяти градусов.\n\n"
    "Коммунальные службы работают круглосуточно, однако многие дороги остаются закрытыми, "
    "и жителей просят без необходимости не выезжать из дома."
)

CHINESE_TECH = (
    "一家国内科技公司周三发布了新一代人工智能芯片，称其运算速度比上一代产品提高了一倍，"
    "而能耗降低了三分之一。\n\n"
    "该公司负责人在发布会上表示，新芯片将首先用于数据中心，并计划在明年推出面向手机的版本。\n\n"
    "分析人士认为，这款芯片有助于减少对进口产品的依赖，但大规模量产仍面临不少挑战。"
)

PERSIAN_CULTURE = (
    "جشنواره بین‌المللی فیلم امسال با نمایش بیش از صد فیلم از چهل کشور جهان در تهران آغاز شد "
    "و تا ده روز ادامه خواهد داشت.\n\n"
    "دبیر جشنواره گفت که امسال بخش ویژه‌ای برای فیلم‌های کوتاه دانشجویی در نظر گرفته شده است "
    "و هیئت داوران از کارگردانان جوان حمایت می‌کند.\n\n"
    "منتقدان می‌گویند که استقبال مردم از سینما پس از چند سال رکود دوباره افزایش یافته است."
)

ALL = {
    "ar-economy": ("ar", ARABIC_ECONOMY),
    "ar-sport": ("ar", ARABIC_SPORT),
    "en-science": ("en", ENGLISH_SCIENCE),
    "fr-politics": ("fr", FRENCH_POLITICS),
    "ru-weather": ("ru", RUSSIAN_WEATHER),
    "zh-tech": ("zh", CHINESE_TECH),
    "fa-culture": ("fa", PERSIAN_CULTURE),
}


def drop_paragraph(text: str, index: int = -1) -> str:
    """The same text without one paragraph (a typical re-publication edit)."""
    paras = text.split("\n\n")
    del paras[index]
    return "\n\n".join(paras)


def with_footer(text: str, footer: str) -> str:
    """The text with some boilerplate appended."""
    return f"{text}\n\n{footer}"
