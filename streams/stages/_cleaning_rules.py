"""Multilingual cue phrases and line features for plain-text boilerplate removal (constant tables only)."""

from __future__ import annotations

import re
from typing import Final, Literal

# The closed set of removal kinds: they become metric labels, so the set must stay small and fixed.
Kind = Literal[
    "source_line",
    "tags",
    "read_also",
    "related_list",
    "promo",
    "share",
    "copyright",
    "navigation",
    "learned",
    "html_boilerplate",
    "title",
]
KINDS: Final[tuple[str, ...]] = Kind.__args__  # type: ignore[attr-defined]


def _alt(*phrases: str) -> str:
    # Longest first so that "read also" wins over "read"; spaces match any run of spaces.
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


# A colon-like separator after a label ("Source: X", "المصدر : X", "来源：X").
_SEP = r"\s*[:：\-–—|»>]"
_AR_ALSO = r"(?:أيضا|أيضاً|أيضًا|ايضا|ايضاً|كذلك)"
_AR_READ = rf"(?:[إا]قرأ|[إا]قرا|[إا]قرؤوا|طالع|شاهد|[إا]ضغط|تابع)\s+{_AR_ALSO}"

SOURCE_LABELS_P: Final = (
    "المصدر",
    "المصادر",
    "مصدر الخبر",
    "المصدر الأصلي",
    "مصدر",
    "نقلا عن",
    "نقلاً عن",
    "بواسطة",
    "Source",
    "Sources",
    "Credit",
    "Credits",
    "Photo",
    "Photos",
    "Image",
    "Picture",
    "Via",
    "Photo credit",
    "Illustration",
    "Graphic",
    "Infographic",
    "Ilustración",
    "Infografía",
    "Grafik",
    "Иллюстрация",
    "Инфографика",
    "İnfografik",
    "اینفوگرافیک",
    "إنفوجراف",
    "插图",
    "Crédit",
    "Crédits",
    "Crédit photo",
    "Fuente",
    "Fuentes",
    "Foto",
    "Fotos",
    "Crédito",
    "Imagen",
    "Quelle",
    "Quellen",
    "Bild",
    "Bildquelle",
    "Fotos",
    "Источник",
    "Источники",
    "Фото",
    "Фотография",
    "Kaynak",
    "Fotoğraf",
    "Foto",
    "منبع",
    "کد خبر",
    "شناسه خبر",
    "عکس",
    "ذریعہ",
    "ماخذ",
    "تصویر",
    "来源",
    "图片来源",
    "图片",
    "责任编辑",
    "编辑",
    "原标题",
    "作者",
    "记者",
    "Πηγή",
    "Πηγές",
    "Źródło",
    "Fot",
)
SOURCE_LABELS = _alt(*SOURCE_LABELS_P)
# Agency/editor credits without a colon ("Reporting by X; Editing by Y").
SOURCE_FREE_P: Final = (
    "Reporting by",
    "Writing by",
    "Editing by",
    "Additional reporting by",
    "Compiled by",
    "Photo by",
    "Photos by",
    "Photograph by",
    "Photographs by",
    "Avec AFP",
    "Con información de",
    "Mit Material von",
    "По материалам",
    "تحرير",
    "إعداد",
)
SOURCE_FREE = _alt(*SOURCE_FREE_P)
TAG_LABELS_P: Final = (
    "كلمات دلالية",
    "الكلمات الدلالية",
    "كلمات مفتاحية",
    "الكلمات المفتاحية",
    "وسوم",
    "الوسوم",
    "تاغ",
    "التصنيفات",
    "تصنيفات",
    "التصنيف",
    "الأقسام",
    "مواضيع",
    "Tags",
    "Tagged",
    "Tagged with",
    "Topics",
    "Keywords",
    "Categories",
    "Category",
    "Filed under",
    "Filed in",
    "Mots-clés",
    "Mots clés",
    "Thèmes",
    "Catégories",
    "Sujets",
    "Etiquetas",
    "Temas",
    "Palabras clave",
    "Categorías",
    "Schlagwörter",
    "Schlagworte",
    "Stichwörter",
    "Themen",
    "Kategorien",
    "Теги",
    "Метки",
    "Ключевые слова",
    "Темы",
    "Рубрики",
    "Рубрика",
    "Etiketler",
    "Anahtar kelimeler",
    "Kategoriler",
    "Konular",
    "برچسب‌ها",
    "برچسب ها",
    "برچسب",
    "کلیدواژه‌ها",
    "کلیدواژه ها",
    "کلید واژه",
    "دسته‌بندی",
    "ٹیگز",
    "ٹیگ",
    "کلیدی الفاظ",
    "زمرہ",
    "标签",
    "关键词",
    "关键字",
    "分类",
    "Ετικέτες",
    "Tagi",
    "Słowa kluczowe",
)
TAG_LABELS = _alt(*TAG_LABELS_P)
READ_ALSO_P: Final = (
    "اقرأ المزيد",
    "للمزيد",
    "ذات صلة",
    "يهمك أيضا",
    "قد يهمك",
    "Read also",
    "Also read",
    "Read more",
    "See also",
    "Read next",
    "Read",
    "Also see",
    "Recommended",
    "Related",
    "Watch",
    "More",
    "Lire aussi",
    "À lire aussi",
    "A lire aussi",
    "Lire également",
    "À lire également",
    "Voir aussi",
    "À lire",
    "A lire",
    "Lire la suite",
    "À voir aussi",
    "Lee también",
    "Lea también",
    "Leer más",
    "Lee más",
    "Te puede interesar",
    "También te puede interesar",
    "Ver también",
    "Puede interesarte",
    "Lesen Sie auch",
    "Lesen Sie mehr",
    "Auch interessant",
    "Mehr zum Thema",
    "Weiterlesen",
    "Siehe auch",
    "Das könnte Sie auch interessieren",
    "Читайте также",
    "Читать также",
    "Смотрите также",
    "Читайте далее",
    "Читать далее",
    "Читайте по теме",
    "Ayrıca okuyun",
    "Bunu da okuyun",
    "İlginizi çekebilir",
    "Ayrıca bakınız",
    "Devamını oku",
    "Haberin devamı",
    "بیشتر بخوانید",
    "همچنین بخوانید",
    "بخوانید",
    "یہ بھی پڑھیں",
    "مزید پڑھیں",
    "یہ بھی دیکھیں",
    "延伸阅读",
    "相关阅读",
    "推荐阅读",
    "阅读更多",
    "更多阅读",
    "点击阅读",
    "另见",
    "Διαβάστε επίσης",
    "Διαβάστε ακόμα",
    "Czytaj też",
    "Czytaj także",
    "Zobacz także",
    "Zobacz też",
    "Czytaj więcej",
    "Przeczytaj też",
    "Przeczytaj także",
    "Przeczytaj więcej",
    "Przeczytaj również",
    "Zobacz również",
    "Czytaj również",
    "Читай также",
    "Читайте",
    "Читайте еще",
    "Читайте также по теме",
    "Διαβάστε ακόμη",
    "Δείτε επίσης",
    "Δείτε ακόμα",
    "相关新闻阅读",
    "延伸閱讀",
    "相關閱讀",
    "相關新聞",
)
READ_ALSO = _alt(*READ_ALSO_P)
RELATED_P: Final = (
    "مقالات مشابهة",
    "مقالات ذات صلة",
    "أخبار ذات صلة",
    "اخبار ذات صلة",
    "مواضيع ذات صلة",
    "موضوعات ذات صلة",
    "الأكثر قراءة",
    "الاكثر قراءة",
    "الأكثر مشاهدة",
    "الأكثر تداولا",
    "آخر الأخبار",
    "اخر الاخبار",
    "أخبار متعلقة",
    "المزيد من",
    "المزيد في",
    "أهم الأخبار",
    "قد يعجبك أيضا",
    "قد يعجبك أيضاً",
    "قد يعجبك",
    "اخترنا لك",
    "أخبار أخرى",
    "مقالات أخرى",
    "Related articles",
    "Related stories",
    "Related news",
    "Related posts",
    "Related coverage",
    "Related content",
    "Related topics",
    "More from",
    "More in",
    "More on this",
    "More on this story",
    "More stories",
    "More news",
    "Most read",
    "Most popular",
    "Most viewed",
    "Trending",
    "Trending now",
    "Latest news",
    "Top stories",
    "You may also like",
    "You might also like",
    "Recommended for you",
    "Editor's picks",
    "Popular stories",
    "Articles similaires",
    "Articles liés",
    "Sur le même sujet",
    "Les plus lus",
    "Plus d'articles",
    "Dans la même rubrique",
    "Vous aimerez aussi",
    "Dernières actualités",
    "Noticias relacionadas",
    "Artículos relacionados",
    "Más noticias",
    "Lo más leído",
    "Más leídas",
    "Últimas noticias",
    "Te recomendamos",
    "Ähnliche Artikel",
    "Verwandte Artikel",
    "Weitere Artikel",
    "Mehr aus",
    "Mehr zu",
    "Meistgelesen",
    "Am meisten gelesen",
    "Neueste Artikel",
    "Das könnte Sie interessieren",
    "Похожие статьи",
    "Похожие новости",
    "Связанные новости",
    "По теме",
    "Другие новости",
    "Ещё по теме",
    "Еще по теме",
    "Самое читаемое",
    "Популярное",
    "Последние новости",
    "Новости по теме",
    "Новости партнеров",
    "İlgili Haberler",
    "Benzer Haberler",
    "Diğer Haberler",
    "En Çok Okunanlar",
    "Öne Çıkanlar",
    "Son Haberler",
    "مطالب مرتبط",
    "اخبار مرتبط",
    "خبرهای مرتبط",
    "پربازدیدترین",
    "آخرین اخبار",
    "مطالب پیشنهادی",
    "متعلقہ خبریں",
    "مزید خبریں",
    "متعلقہ مضامین",
    "تازہ ترین",
    "相关新闻",
    "相关文章",
    "相关报道",
    "热门文章",
    "热点新闻",
    "最新新闻",
    "推荐新闻",
    "更多新闻",
    "猜你喜欢",
    "热门推荐",
    "相关链接",
    "Σχετικά άρθρα",
    "Παρόμοια θέματα",
    "ΠΑΡΟΜΟΙΑ ΘΕΜΑΤΑ",  # capitals drop the accent, and re.I does not restore it
    "Παρόμοια άρθρα",
    "Σχετικά θέματα",
    "Δημοφιλή",
    "Powiązane artykuły",
    "Podobne artykuły",
    "Najczęściej czytane",
    "Najnowsze",
    "Najczęściej komentowane",
    "Redakcja poleca",
    "Polecamy",
    "Więcej na ten temat",
    "Na ten temat",
    "На ту же тему",
    "Ссылки по теме",
    "Материалы по теме",
    "Статьи по теме",
    "Читайте в разделе",
    "Άλλα άρθρα",
    "Σχετικές ειδήσεις",
    "Περισσότερα άρθρα",
    "Τελευταία νέα",
    "Δημοφιλέστερα",
    "Other articles",
    "Related links",
    "More headlines",
)
RELATED = _alt(*RELATED_P)
SHARE_WORDS = frozenset(
    w.casefold()
    for w in (
        "share",
        "shares",
        "tweet",
        "print",
        "email",
        "e-mail",
        "mail",
        "facebook",
        "twitter",
        "x",
        "whatsapp",
        "telegram",
        "linkedin",
        "pinterest",
        "reddit",
        "copy",
        "link",
        "comments",
        "comment",
        "save",
        "this",
        "article",
        "on",
        "via",
        "طباعة",
        "شارك",
        "مشاركة",
        "تعليق",
        "التعليقات",
        "تعليقات",
        "فيسبوك",
        "تويتر",
        "واتساب",
        "تيليجرام",
        "انشر",
        "نسخ",
        "الرابط",
        "حفظ",
        "Partager",
        "Imprimer",
        "Commentaires",
        "Commenter",
        "Envoyer",
        "Compartir",
        "Imprimir",
        "Comentarios",
        "Comentar",
        "Teilen",
        "Drucken",
        "Kommentare",
        "Kommentieren",
        "Поделиться",
        "Печать",
        "Комментарии",
        "Комментировать",
        "Paylaş",
        "Yazdır",
        "Yorumlar",
        "Yorum",
        "اشتراک",
        "گذاری",
        "چاپ",
        "نظرات",
        "شیئر",
        "پرنٹ",
        "تبصرے",
        "分享",
        "打印",
        "评论",
        "收藏",
        "转发",
        "微信",
        "微博",
        "Κοινοποίηση",
        "Udostępnij",
        "Podziel",
        "się",
        "Drukuj",
        "Komentarze",
        "Wyślij",
        # A sign-in box's labels and buttons.
        "username",
        "password",
        "login",
        "register",
        "用户名",
        "密码",
        "注册",
        "登录",
        "用戶名",
        "密碼",
        "註冊",
        "登入",
        "Αποστολή",
        "Εκτύπωση",
        "Μέγεθος",
        "κειμένου",
        "Μοιραστείτε",
        "το",
        "новостью",
        "Отправить",
        "bookmark",
        "&",
        "0",
        "|",
        "·",
        "-",
        "•",
    )
)
# Social networks a share bar lists by name: a line of them (two at least) is a share bar.
SHARE_BAR_WORDS: Final = SHARE_WORDS | frozenset(
    (
        "delicious",
        "digg",
        "google",
        "buzz",
        "messenger",
        "stumbleupon",
        "myspace",
        "blogger",
        "gmail",
        "livejournal",
        "вконтакте",
        "одноклассники",
    )
)
COMMENT_HEADINGS_P: Final = (
    "Leave a comment",
    "Leave a reply",
    "Add a comment",
    "Post a comment",
    "Comments",
    "أضف تعليق",
    "أضف تعليقك",
    "اترك تعليقا",
    "التعليقات",
    "Laisser un commentaire",
    "Ajouter un commentaire",
    "Deja un comentario",
    "Deja tu comentario",
    "Kommentar schreiben",
    "Оставить комментарий",
    "Добавить комментарий",
    "Yorum yap",
    "Yorum yazın",
    "ارسال نظر",
    "دیدگاه",
    "تبصرہ کریں",
    "发表评论",
    "网友评论",
    "Submit a comment",
    "Write a comment",
    "Your comment",
    "Join the conversation",
    "Reader comments",
    "Kommentar",
    "Commentaires",
    "Comentarios",
    "Комментарии",
    "Ваш комментарий",
    "Ваши комментарии",
    "Все комментарии",
    "Комментариев",
    "Обсуждение",
    "Komentarze",
    "Dodaj komentarz",
    "Skomentuj",
    "Napisz komentarz",
    "Komentarzy",
    "Σχόλια",
    "Σχολιάστε",
    "Γράψτε σχόλιο",
    "我要评论",
    "网友留言",
    "評論",
    "留言",
    "发表留言",
    "Yorumlar",
    "التعليقات",
    "نظرات",
)
COMMENT_HEADINGS = _alt(*COMMENT_HEADINGS_P)
COPYRIGHT = re.compile(
    "©|\\(c\\)\\s*\\d{4}|"
    + _alt(
        "copyright",
        "all rights reserved",
        "جميع الحقوق محفوظة",
        "كل الحقوق محفوظة",
        "حقوق النشر",
        "جميع حقوق النشر",
        "Tous droits réservés",
        "Todos los derechos reservados",
        "Alle Rechte vorbehalten",
        "Все права защищены",
        "Tüm hakları saklıdır",
        "Her hakkı saklıdır",
        "کلیه حقوق",
        "تمامی حقوق",
        "جملہ حقوق",
        "版权所有",
        "版权声明",
        "未经授权",
        "Με επιφύλαξη παντός δικαιώματος",
        "Wszelkie prawa zastrzeżone",
    ),
    re.I,
)
# Legal disclaimers under an article ("Disclaimer: the views expressed ..."): removed as rights notices.
DISCLAIMER_P: Final = (
    "Disclaimer",
    "Legal disclaimer",
    "Avertissement",
    "Clause de non-responsabilité",
    "Aviso legal",
    "Descargo de responsabilidad",
    "Exención de responsabilidad",
    "Haftungsausschluss",
    "Отказ от ответственности",
    "Sorumluluk reddi",
    "Yasal uyarı",
    "إخلاء المسؤولية",
    "إخلاء مسؤولية",
    "سلب مسئولیت",
    "ڈس کلیمر",
    "دستبرداری",
    "免责声明",
    "免責聲明",
    "Zastrzeżenie",
    "Αποποίηση ευθύνης",
)
# Chinese portals' disclaimers and rights statements: "免责声明：", "<site>声明：", "本文仅代表作者观点".
DISCLAIMER_CJK_RE: Final = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,8}[声聲]明\s*[:：]|本文[仅僅]代表|[\u4e00-\u9fff]{0,6}[提]示\s*[:：]\s*本[文站网網])"
    # The comment box's: "所有评论仅代表网友意见" (readers' comments are their own opinion).
    r"|^(?:所有|以上)?(?:网友|網友)?(?:评论|評論|留言)[仅僅只]代表"
)
# A comment counter of a Chinese page ("共有评论0条", "0条评论", "我要评论(0)"), on a short line.
COMMENT_COUNT_CJK_RE: Final = re.compile(
    r"(?:评论|評論)\s*[(（]?\s*\d+\s*[条條)）]|\d+\s*(?:条|條|人|位)[^，。,]{0,6}(?:评论|評論)"
)
# Messages of a page's forms and widgets (sign-in, newsletter box, rating, errors): short lines that
# read like sentences but are never article text. Anchored at the line's start; each is specific
# enough not to open a reported sentence ("An error occurred" needs its "please try again").
FORM_MESSAGE_RE: Final = re.compile(
    r"^(?:"
    r"please (?:enter|provide|check your|log ?in|sign ?in|register|try again|select|fill in)"
    r"|you must (?:be (?:logged|signed) in|have an? .{1,30} account|log ?in|sign ?in|register)"
    r"|an error (?:has )?occurr?ed.{0,3}(?:please )?try again|invalid e-?mail"
    r"|thank you for (?:subscribing|signing up|your (?:vote|rating|feedback))"
    r"|rate this (?:article|story)|was this (?:article|story) (?:helpful|useful)"
    r"|log ?in or register|sign in to (?:comment|follow|save)"
    r"|veuillez (?:saisir|entrer|vous connecter|réessayer)|vous devez être connecté"
    r"|une erreur (?:s'est produite|est survenue).{0,3}(?:veuillez )?réessayez|notez cet article"
    r"|por favor,? (?:introduce|ingrese|ingresa|inicia sesión|regístrate|inténtalo)"
    r"|debes (?:iniciar sesión|estar registrado)|valora (?:este artículo|esta noticia)"
    r"|bitte (?:geben sie ihre|melden sie sich an|versuchen sie es)|sie müssen (?:angemeldet|eingeloggt)"
    r"|bewerten sie diesen artikel"
    r"|оцените,? (?:пожалуйста,? )?(?:статью|материал|новость)|спасибо!? ваш[аеи]? (?:мнение|голос)"
    r"|введите (?:ваш |свой )?(?:e-?mail|адрес|имя|текст|код)"
    r"|пожалуйста,? (?:войдите|авторизуйтесь|зарегистрируйтесь)"
    r"|вы должны (?:войти|авторизоваться|зарегистрироваться)|чтобы оставить комментарий"
    r"|lütfen (?:e-?posta|geçerli bir|giriş yapın|tekrar deneyin)|yorum yapabilmek için"
    r"|(?:يرجى|الرجاء) (?:إدخال|ادخال|تسجيل الدخول)|يجب (?:عليك )?تسجيل الدخول"
    r"|لطفا (?:ایمیل|نام|وارد شوید)|برای ارسال نظر (?:باید|وارد)"
    r"|براہ کرم (?:ای میل|اپنا)|تبصرہ کرنے کے لیے"
    r"|请输入|請輸入|请先登录|請先登入|您还没有登录|登录后(?:才能)?(?:评论|发表)"
    r")",
    re.I,
)
# A short line that is only a link's call to click ("[点击进入浏览]", "Click here for photos").
CLICK_RE: Final = re.compile(
    r"^[\[【(（]?\s*(?:点击|點擊|click|нажмите|cliquez|haga clic|pulse|klicken sie|tıklayın|اضغط|انقر|کلیک)",
    re.I,
)
# Widget labels that a copied page keeps between paragraphs (image zoom, captions, ads, loading).
UI_LABELS: Final = frozenset(
    s.casefold()
    for s in (
        "Enlarge this image",
        "Enlarge image",
        "Click to enlarge",
        "Click image to enlarge",
        "View gallery",
        "View slideshow",
        "Show caption",
        "Hide caption",
        "Toggle caption",
        "Image",
        "Advertisement",
        "Advertising",
        "Sponsored",
        "Loading",
        "RSS",
        "RSS feed",
        "Agrandir l'image",
        "Agrandir",
        "Publicité",
        "Ampliar imagen",
        "Ampliar",
        "Publicidad",
        "Bild vergrößern",
        "Anzeige",
        "Werbung",
        "Увеличить",
        "Увеличить фото",
        "Реклама",
        "Загрузка",
        "Resmi büyüt",
        "Büyüt",
        "Reklam",
        "تكبير الصورة",
        "إعلان",
        "اعلان",
        "بزرگنمایی",
        "تبلیغات",
        "انتهای پیام",
        "آگهی",
        "اشتہار",
        "广告",
        "廣告",
        "加载中",
        "Reklama",
        "Διαφήμιση",
        # A photo's label left without its picture.
        "Photo",
        "Фото",
        "Zdjęcie",
        "Zdjęcia",
        "Φωτογραφία",
        "图片",
        # A teaser's link to the rest of the text.
        "Read more",
        "Continue reading",
        "Lire la suite",
        "Leer más",
        "Seguir leyendo",
        "Weiterlesen",
        "Читать далее",
        "Подробнее",
        "Devamını oku",
        "اقرأ المزيد",
        "ادامه مطلب",
        "مزید پڑھیں",
        "阅读全文",
        "閱讀全文",
        "Czytaj dalej",
        "Czytaj więcej",
        "Διαβάστε περισσότερα",
    )
)
# Rights notices named by the words for "copyright" alone: only at a line's start, since a sentence
# may report on copyright ("Суд защитил авторские права ...").
COPYRIGHT_START_RE: Final = re.compile(
    "^(?:"
    + _alt(
        "Droits d'auteur",
        "Derechos de autor",
        "Urheberrecht",
        "Авторские права",
        "Авторское право",
        "Telif hakkı",
        "Telif hakları",
        "حقوق الطبع",
        "حقوق النشر",
        "حق نشر",
        "حقوق نشر",
        "کاپی رائٹ",
        "著作权",
        "著作權",
        "Prawa autorskie",
        "Πνευματικά δικαιώματα",
    )
    + ")",
    re.I,
)
PLATFORMS_P: Final = (
    "WhatsApp",
    "Telegram",
    "Facebook",
    "Twitter",
    "Instagram",
    "YouTube",
    "TikTok",
    "Google News",
    "Viber",
    "VK",
    "VKontakte",
    "ВКонтакте",
    "Дзен",
    "Одноклассники",
    "واتساب",
    "واتس اب",
    "واتس آب",
    "الواتساب",
    "تيليجرام",
    "تلغرام",
    "تليغرام",
    "تلجرام",
    "تليجرام",
    "فيسبوك",
    "فيس بوك",
    "تويتر",
    "يوتيوب",
    "انستغرام",
    "إنستغرام",
    "انستجرام",
    "تيك توك",
    "جوجل نيوز",
    "أخبار جوجل",
    "نبض",
    "تلگرام",
    "اینستاگرام",
    "واتس‌اپ",
    "ایتا",
    "بله",
    "روبیکا",
    "سروش",
    "واٹس ایپ",
    "ٹیلی گرام",
    "فیس بک",
    "یوٹیوب",
    "微信",
    "微博",
    "公众号",
    "抖音",
    "newsletter",
    "infolettre",
    "boletín",
    "Newsletter",
    "newslettera",
    "newslettery",
    "социальных сетях",
    "соцсетях",
    "Google+",
    "Google plus",
    "рассылку",
    "bülten",
    "خبرنامه",
    "النشرة البريدية",
    "channel",
    "canal",
    "chaîne",
    "Kanal",
    "канал",
    "kanalımıza",
    "قناة",
    "قناتنا",
    "کانال",
    "چینل",
)
PLATFORMS = _alt(*PLATFORMS_P)
PROMO_VERBS_P: Final = (
    "انضم",
    "إنضم",
    "انضموا",
    "إنضموا",
    "تابعونا",
    "تابعوا",
    "تابع",
    "اشترك",
    "اشتركوا",
    "للاشتراك",
    "لمتابعة",
    "حمل تطبيق",
    "تابعنا",
    "Follow us",
    "Follow",
    "Join",
    "Join us",
    "Subscribe",
    "Sign up",
    "Like us",
    "Download",
    "Get the",
    "Suivez-nous",
    "Suivez",
    "Rejoignez",
    "Abonnez-vous",
    "Inscrivez-vous",
    "Síguenos",
    "Sigue",
    "Únete",
    "Unete",
    "Suscríbete",
    "Suscribete",
    "Folgen Sie uns",
    "Folgen Sie",
    "Abonnieren Sie",
    "Abonnieren",
    "Следите за нами",
    "Следи за нами",
    "Retrouvez-nous",
    "Connect with us",
    "Find us on",
    "Bizi izleyin",
    "ما را دنبال کنید",
    "ہمیں فالو کریں",
    "Подписывайтесь",
    "Подпишитесь",
    "Читайте нас",
    "Читайте новости",
    "Вступайте",
    "Zapisz się",
    "Zamów",
    "Subskrybuj",
    "Obserwuj nas",
    "Dołącz do nas",
    "Polub nas",
    "Ακολουθήστε μας",
    "Ακολουθήστε",
    "Εγγραφείτε",
    "Присоединяйтесь",
    "Takip edin",
    "Bizi takip",
    "Abone olun",
    "Katılın",
    "کانال",
    "بپیوندید",
    "دنبال کنید",
    "عضو شوید",
    "جوائن کریں",
    "فالو کریں",
    "سبسکرائب",
    "关注",
    "扫码",
    "订阅",
    "加入",
)
# Calls naming the site as their object ("Follow us"): a promo wherever they stand in a line.
PROMO_CALLS: Final = frozenset(
    v.casefold()
    for v in (
        "Follow us",
        "Join us",
        "Like us",
        "Connect with us",
        "Find us on",
        "تابعونا",
        "تابعنا",
        "Suivez-nous",
        "Retrouvez-nous",
        "Síguenos",
        "Folgen Sie uns",
        "Следите за нами",
        "Следи за нами",
        "Читайте нас",
        "Obserwuj nas",
        "Dołącz do nas",
        "Polub nas",
        "Ακολουθήστε μας",
        "Bizi izleyin",
        "Bizi takip",
        "ما را دنبال کنید",
        "ہمیں فالو کریں",
    )
)
# A promo verb is a whole word ("Join", not "Joint"; "تابع", not "ستتابع"), an Arabic one possibly after
# its conjunction ("وتابعونا"); a Chinese one is written without spaces, so no boundary applies to it.
_CJK_VERB = re.compile(r"[\u3400-\u9fff]")
PROMO_VERBS = (
    r"(?:(?<![^\W\d_])|(?<=(?<![^\W\d_])[وف]))(?:"
    + _alt(*(v for v in PROMO_VERBS_P if not _CJK_VERB.match(v)))
    + r")(?![^\W\d_])|"
    + _alt(*(v for v in PROMO_VERBS_P if _CJK_VERB.match(v)))
)
COOKIE_P: Final = (
    "cookie",
    "cookies",
    "ملفات تعريف الارتباط",
    "الكوكيز",
    "кук",
    "çerez",
    "کوکی",
    "Cookie-Einstellungen",
)
COOKIE = _alt(*COOKIE_P)

_F = re.I | re.UNICODE
# Also a credit in brackets closing an article: "(Reporting by X; Editing by Y)", "(陈巍 编辑)".
SOURCE_RE: Final = re.compile(
    rf"^(?:{SOURCE_LABELS})\.?{_SEP}|^[(（]?\s*(?:{SOURCE_FREE})\b"
    r"|^[(（][^()（）]{1,12}(?:编辑|編輯|责编|責編|报道|報道)\s*[)）]$"
    # A Chinese reporter's or photographer's credit: "記者陳鈞凱／台北報導", "攝影╱施偉平".
    # A Polish photo credit abbreviates its label: "Fot. Jan Kowalski".
    r"|^fot\.\s+\w"
    r"|^[^，。,]{0,10}[记記]者[^，。,]{1,12}(?:报道|報道|報導|摄|攝)\W?$|^[摄攝]影\s*[╱/／:：]",
    _F,
)
TAGS_RE: Final = re.compile(rf"^(?:{TAG_LABELS})(?:{_SEP}|\s*$)", _F)
# Inline "Read also: <headline>" or a bare "Read also" heading; the bare words must be followed by a
# separator or end of line, so a sentence starting with "Read" or "More" is not a cue.
READ_ALSO_RE: Final = re.compile(rf"^(?:{_AR_READ}|{READ_ALSO})(?:{_SEP}|\s*[.…]*\s*$)", _F)
READ_ALSO_BARE_RE: Final = re.compile(rf"^(?:{_AR_READ}|{READ_ALSO})\s*[:：\-–—|»>.…]*\s*$", _F)
DISCLAIMER_RE: Final = re.compile(rf"^(?:{_alt(*DISCLAIMER_P)})\s*[:：]", _F)
RELATED_RE: Final = re.compile(rf"^(?:{RELATED})\b", _F)
# The count of readers' comments heading them: "| 13 Comment(s)", "17 комментариев", "5 σχόλια".
COMMENT_COUNT_RE: Final = re.compile(
    r"^[|(\[]?\s*\d+\s*(?:comments?|comment\(s\)|commentaires?|comentarios?|kommentare?"
    r"|комментари[йяев]{0,2}|komentarz[yeyi]{0,2}|σχόλια|yorum(?:lar)?|تعليقا?ت?|نظر|تبصرے)\s*[|)\]:]?$",
    re.I,
)
COMMENTS_RE: Final = re.compile(rf"^(?:{COMMENT_HEADINGS})\s*(?:\(\d+\)|\d+)?\s*[:：]?\s*$", _F)
PROMO_LINE_RE: Final = re.compile(rf"({PROMO_VERBS}).{{0,60}}(?:{PLATFORMS})", _F)
COOKIE_RE: Final = re.compile(rf"(?:{COOKIE})", _F)
# A promo glued onto the end of a sentence: searched only in a line's last 200 characters, and every
# quantifier is bounded, so a long line costs linear time.
GLUED_PROMO_RE: Final = re.compile(
    rf"(?:{PROMO_VERBS})[^\n]{{0,60}}?(?:{PLATFORMS})[^\n.!?؟。]{{0,40}}$",
    _F,
)
BULLET_RE: Final = re.compile(r"^\s*(?:[•·▪◦●■□►▶‣»→✓✔◆◇○]|[-*–—](?=\s))\s*")
BREADCRUMB_RE: Final = re.compile(r"\S\s*(?:>|»|›|/|\|)\s*\S")
SENTENCE_END: Final = frozenset(".!?؟。！？۔।…:;»\"'”’)]")
SENTENCE_PUNCT_RE: Final = re.compile(r"[.!?؟。！？۔।…](?:\s|$|[\"'”’»)\]])")
CJK_RE: Final = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
WORD_RE: Final = re.compile(r"\w+")


def _first_words(*groups: tuple[str, ...]) -> frozenset[str]:
    out = set()
    for group in groups:
        for phrase in group:
            found = WORD_RE.findall(phrase)
            if found:
                out.add(found[0].casefold())
    return frozenset(out)


_AR_READ_FIRST = ("إقرأ", "اقرأ", "إقرا", "اقرا", "إقرؤوا", "اقرؤوا", "طالع", "شاهد", "إضغط", "اضغط", "تابع")
# Cheap pre-checks: a line whose first word starts no label cannot match the anchored cue patterns, and
# one without a platform or rights word cannot be a promo or a copyright line (regexes are the slow part).
LABEL_FIRST: Final = _first_words(
    SOURCE_LABELS_P, SOURCE_FREE_P, TAG_LABELS_P, READ_ALSO_P, RELATED_P, COMMENT_HEADINGS_P, _AR_READ_FIRST
)
PLATFORM_WORDS: Final = _first_words(PLATFORMS_P) | {
    w.casefold() for p in PLATFORMS_P for w in WORD_RE.findall(p)
}
COPYRIGHT_WORDS: Final = frozenset(
    [
        "copyright",
        "rights",
        "reserved",
        "réservés",
        "reservados",
        "derechos",
        "rechte",
        "vorbehalten",
        "права",
        "защищены",
        "hakları",
        "saklıdır",
        "حقوق",
        "الحقوق",
        "δικαιώματος",
        "prawa",
        "zastrzeżone",
    ]
)
# One scan instead of a loop over the words (substrings: Arabic glues prefixes onto "حقوق").
COPYRIGHT_HINT_RE: Final = re.compile("|".join(re.escape(w) for w in sorted(COPYRIGHT_WORDS)))
CJK_TRIGGERS: Final = ("版权", "未经", "关注", "扫码", "订阅", "微信", "微博", "公众号", "抖音")

# Headline detection (a plain-text page's headline, lifted into `title` when the publisher sent none).
# Lines that are not a headline: a date or time, a web address, a photo credit, a page marker
# ("第2页"), a link home ("Home > News"), or a line with a sentence ending inside it.
HEADLINE_NOT_RE: Final = re.compile(
    r"\d{1,2}:\d{2}|\d{4}\s*[-/.年]\s*\d{1,2}|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|https?:|www\."
    r"|(?i:\b(?:photo|courtesy|фото|φωτογραφ))|[摄攝]$|[资資]料[图圖照]|第\s*\d+\s*[页頁]"
    r"|^(?i:home|αρχική|главная|首页|首頁|strona główna)\b"
    r"|[a-zа-яёα-ωß\d][.!?]\s+[A-ZА-ЯЁΑ-Ω]|。."
)
GREEK_RE: Final = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
# Scripts written without spaces: a headline shares character pairs with the article, not words.
CJK_RUN_RE: Final = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+")
# A date or a time in a comment's byline ("03.01.12, 23:09", "2011-12-21 11:45", "4:10 AM").
STAMP_RE: Final = re.compile(r"\d{1,2}:\d{2}|\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b")
# A word of two letters or more beside it: a user's name (a bare time heads a live blog's entry).
NAME_RE: Final = re.compile(r"[^\W\d_]{2}")
# A required field of a form: a label with an asterisk after it ("Email*", "Ваше имя *").
FORM_FIELD_RE: Final = re.compile(r"[^\W\d_]\s?\*(?=\s|$|:)")
# The arrow a link ends on, set apart by a space ("More headlines »", "Czytaj dalej >>", "Далее →").
LINK_ARROW_RE: Final = re.compile(r"\s(?:»|>>?|›|→)$")
# A line ending on the address of a page on a social network ("... LIKE our page~facebook.com/site").
SOCIAL_URL_END_RE: Final = re.compile(
    r"(?:facebook|twitter|instagram|vk|weibo|plus\.google|youtube|linkedin)\.com/[\w./?=&%-]*\W{0,3}$", re.I
)
# A photo's credit naming a news or photo agency last ("P. Kevin Morley, AP", "Jan Nowak/PAP/EPA",
# "Name/University, via Associated Press"): the whole short line, ending on the agency.
_AGENCIES_P: Final = (
    "AP",
    "AFP",
    "Reuters",
    "EPA",
    "PAP",
    "Getty Images",
    "Associated Press",
    "Canwest",
    "Bloomberg",
    "Xinhua",
    "ANSA",
    "dpa",
    "EFE",
    "Alamy",
    "Thinkstock",
    "Shutterstock",
    "iStockphoto",
    "Rex Features",
    "ТАСС",
    "ИТАР-ТАСС",
    "РИА Новости",
    "ΑΠΕ",
    "ΑΠΕ-ΜΠΕ",
    "新华社",
    "中新社",
)
_AGENCIES = _alt(*_AGENCIES_P)
# Last words of the agencies as a line spells them (a cheap test before the regex).
AGENCY_LAST: Final = frozenset(
    v for p in _AGENCIES_P for w in WORD_RE.findall(p)[-1:] for v in (w, w.upper(), w.lower(), w.capitalize())
)
AGENCY_CREDIT_RE: Final = re.compile(
    rf"^(?:[^!?;:]{{0,80}}?(?:,|/|\bvia\b|–|\()\s*)?/?(?:{_AGENCIES})(?:\s*/\s*(?:{_AGENCIES}))*\s*/?\)?$"
)
# A wire photo's credit naming the agency first: "(AP Photo/Evan Vucci)", "REUTERS/Jan Nowak",
# "AFP PHOTO / JOHN SMITH", "EPA/ANNA KOWALSKA".
AGENCY_FIRST: Final = frozenset(
    {"ap", "afp", "epa", "reuters", "getty", "dpa", "pap", "xinhua", "ansa", "efe"}
)
AGENCY_PHOTO_RE: Final = re.compile(
    r"^[(\[]?\s*(?:AP|AFP|EPA|Reuters|Getty Images|dpa|PAP|Xinhua|ANSA|EFE)(?:\s+(?:Photo|Images|Pool))?"
    # After the slash, a name or two (a photographer, a pool): four words at most each.
    r"(?:\s*/\s*[^\s/()\[\].!?]+(?:\s[^\s/()\[\].!?]+){0,3}){1,2}\s*[)\]]?$",
    re.I,
)
# A line starting with one digit glued onto a word ("0Также"): a candidate for a widget's counter.
# After a line break, not at "^" in multiline mode: a literal first character is found much faster.
GLUED_DIGIT_RE: Final = re.compile(r"\n\d(?=[«\"„“'\-–—]?[^\W\d_]{2})")

# A reader poll's heading: the word alone, or with the question after it ("Sonda - Czy ...?",
# "Poll: Should ...?"). "调查" alone on its line (in a sentence it means an inquiry).
POLL_LABELS_P: Final = (
    "Poll",
    "Reader poll",
    "Quick poll",
    "Sondage",
    "Encuesta",
    "Umfrage",
    "Опрос",
    "Голосование",
    "Sonda",
    "Ankieta",
    "Δημοσκόπηση",
    "Anket",
    "استطلاع",
    "استطلاع رأي",
    "نظرسنجی",
    "رائے شماری",
    "调查",
    "調查",
    "投票",
    "网友调查",
    "網友調查",
)
POLL_RE: Final = re.compile(
    rf"^(?:{_alt(*POLL_LABELS_P)})(?:\s*[:：\-–—|]\s*[^\n]{{3,200}}[?？؟;]|\s*[:：]?\s*$)", re.I
)
# A link to the next or previous article of the site ("Next article: <headline>", "下一篇：...").
NEXT_ARTICLE_P: Final = (
    "Next article",
    "Previous article",
    "Next story",
    "Previous story",
    "Next post",
    "Previous post",
    "Article suivant",
    "Article précédent",
    "Artículo siguiente",
    "Artículo anterior",
    "Noticia siguiente",
    "Noticia anterior",
    "Nächster Artikel",
    "Vorheriger Artikel",
    "Следующая статья",
    "Предыдущая статья",
    "Следующая новость",
    "Предыдущая новость",
    "Następny artykuł",
    "Poprzedni artykuł",
    "Następny tekst",
    "Poprzedni tekst",
    "Επόμενο άρθρο",
    "Προηγούμενο άρθρο",
    "Sonraki haber",
    "Önceki haber",
    "المقال التالي",
    "المقال السابق",
    "الخبر التالي",
    "الخبر السابق",
    "مطلب بعدی",
    "مطلب قبلی",
    "خبر بعدی",
    "خبر قبلی",
    "下一篇",
    "上一篇",
    "下一則",
    "上一則",
    "下一条",
    "上一条",
    "下一條",
    "上一條",
)
NEXT_ARTICLE_RE: Final = re.compile(
    rf"^(?:{_alt(*NEXT_ARTICLE_P)})\s*[▲▼↑↓←→«»<>]*\s*(?:[:：\-–—|»>]|$)", re.I
)
# Words of a pager ("« Previous 1 2 3 Next »", "上一页 1 2 3 下一页"): a short line of them and page numbers.
PAGER_WORDS: Final = frozenset(
    w.casefold()
    for w in (
        "previous",
        "prev",
        "next",
        "first",
        "last",
        "page",
        "précédent",
        "précédente",
        "suivant",
        "suivante",
        "anterior",
        "siguiente",
        "página",
        "zurück",
        "weiter",
        "vorherige",
        "nächste",
        "seite",
        "предыдущая",
        "следующая",
        "назад",
        "вперед",
        "вперёд",
        "страница",
        "poprzednia",
        "następna",
        "strona",
        "προηγούμενη",
        "επόμενη",
        "σελίδα",
        "önceki",
        "sonraki",
        "sayfa",
        # "Page 2 of 5", "Strona 2 z 5".
        "of",
        "z",
        "из",
        "de",
        "von",
        "από",
        "sur",
        "السابق",
        "التالي",
        "الصفحة",
        "قبلی",
        "بعدی",
        "صفحه",
        "上一页",
        "下一页",
        "上页",
        "下页",
        "首页",
        "尾页",
        "末页",
        "上一頁",
        "下一頁",
        "首頁",
        "末頁",
    )
)
PAGER_TOKEN_RE: Final = re.compile(r"[^\W\d_]+|\d+")
DIGIT_RE: Final = re.compile(r"\d")
# A call to click a link the copy lost ("If you have information to add click here."): every sentence
# of such a line holds one.
CLICK_HERE_RE: Final = re.compile(
    r"click(?:ing)? (?:here|on this link)|cliquez ici|haga clic aquí|pulse aquí|klicken sie hier|hier klicken"
    r"|нажмите здесь|кликните здесь|нажмите сюда|kliknij (?:tutaj|tu\b)|κάντε κλικ εδώ|πατήστε εδώ"
    r"|buraya tıklayın|اضغط هنا|انقر هنا|اینجا کلیک کنید|یہاں کلک کریں|点击这里|点击此处|點擊這裡|點擊此處",
    re.I,
)
# Notes of a comment or sign-up form, anywhere in a line ("*Submitted comments are subject to
# moderation", "... please provide your email address below.").
FORM_NOTE_RE: Final = re.compile(
    r"comments? (?:are|is|will be) (?:subject to moderation|moderated|reviewed before)"
    r"|(?:please )?provide your e-?mail address|your e-?mail address will not be published"
    r"|required fields are marked|les commentaires sont modérés|los comentarios (?:son|están) moderados"
    r"|kommentare werden moderiert|комментари[ийя] (?:проходят|проходит) (?:модерацию|премодерацию)"
    r"|ваш (?:e-?mail|адрес) не будет опубликован|komentarze (?:są|podlegają) (?:moderac|moderowane)"
    r"|twój (?:e-?mail|adres) nie zostanie opublikowany|τα σχόλια (?:δημοσιεύονται|ελέγχονται)"
    r"|评论(?:需|须)(?:审核|審核)|評論(?:需|須)審核|yorumlar(?:ınız)? onaylandıktan sonra"
    r"|سيتم مراجعة التعليقات|لن يتم نشر بريدك الإلكتروني",
    re.I,
)
# A cheap pre-check for CLICK_HERE_RE and FORM_NOTE_RE (their case-insensitive alternatives are slow):
# literals without flags or classes (a class at an alternative's start makes the scan several times
# slower), from inside the words so that their capitalised forms match too.
NOTE_HINT_RE: Final = re.compile(
    "lic|lik|ажмите|ликните|κλικ|ατήστε|ıklayın|ضغط|نقر|کلیک|کلک|点击|點擊"
    "|omment|mail|equired|оммент|адрес|omentarz|adres|σχόλια|Σχόλια|评论|評論|orum|تعليق|بريد"
    "|收藏|首页|首頁|avo|ookmark|omepage|избранн|стартов|ulubion|startow|αγαπημένα|المفضلة|kullanılan"
)
# A browser toolbar's links ("加入收藏 | 设为首页", "Add to favorites", "Сделать стартовой").
TOOLBAR_RE: Final = re.compile(
    r"加入收藏|收藏本站|设为首页|設為首頁|设为主页|add to (?:my )?favou?rites|bookmark this (?:page|site)"
    r"|set as (?:your )?home ?page|make (?:this|us) your home ?page|добавить в избранное|сделать стартовой"
    r"|dodaj do ulubionych|ustaw jako stronę startową|προσθήκη στα αγαπημένα|أضف إلى المفضلة"
    r"|sık kullanılanlara ekle",
    re.I,
)
# A line that is only a site's address ("ctvottawa.ca", "www.example.pl"): its name under a logo.
DOMAIN_LINE_RE: Final = re.compile(
    r"^(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}/?$", re.I
)
# First words of the poll and next-article labels (a pre-check, as LABEL_FIRST).
WIDGET_FIRST: Final = _first_words(POLL_LABELS_P, NEXT_ARTICLE_P)
# First characters of the Chinese ones (written without a space after them).
WIDGET_CJK_FIRST: Final = frozenset(p[0] for p in POLL_LABELS_P + NEXT_ARTICLE_P if CJK_RE.match(p))
