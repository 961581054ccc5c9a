"""The demo's Welsh: the "Release day" course (its lessons and quiz), its
question bank, the home page and the catalogue, translated with
wagtail-localize as a trainer would (courses.translating), and a Welsh-speaking
learner.

Every Welsh string here was written carefully, in formal Welsh ("chi"), but
must be reviewed by a fluent Welsh speaker before it is used in production
(docs/languages.md).

WELSH maps each English segment (as wagtail-localize cuts the content up) to
its Welsh. A segment of the English demo content that is missing here makes
`seed_demo` fail, so the demo and its Welsh cannot drift apart.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import translation
from wagtail.models import Locale

from agencies import services as agency_services
from agencies.models import Membership
from courses import services as course_services
from courses.models import CourseIndexPage, CoursePage
from courses.translating import translate
from kairos_learning.demo_agencies import PROBATION, take_course
from kairos_learning.models import HomePage
from quizzes.models import Question

WELSH_CODE = "cy"
WELSH_LEARNER = ("dysgwr@kairos.test", "Seren Puw")

HOME = {
    "Kairos Learning": "Dysgu Kairos",
    "kairos-learning": "dysgu-kairos",
    "Kairos Learning is the online training space of Kairos, a women's charity in "
    "Coventry. Kairos supports women in contact with the criminal justice system who "
    "are subject to, or at risk of, sexual exploitation.": "Dysgu Kairos yw gofod "
    "hyfforddi ar-lein Kairos, elusen i fenywod yn Coventry. Mae Kairos yn cefnogi "
    "menywod sydd mewn cysylltiad â'r system cyfiawnder troseddol ac sy'n cael eu "
    "hecsbloetio'n rhywiol, neu sydd mewn perygl o hynny.",
    "Our courses are for Probation practitioners and for staff in prisons, the "
    "police, courts, housing and health services. They share Kairos's "
    "trauma-informed, women-centred approach, with practical steps you can use in "
    "your own work with women.": "Mae ein cyrsiau ar gyfer ymarferwyr y Gwasanaeth "
    "Prawf ac ar gyfer staff mewn carchardai, yr heddlu, llysoedd, a gwasanaethau "
    "tai ac iechyd. Maen nhw'n rhannu dull Kairos, sydd wedi'i lywio gan drawma ac "
    "sy'n rhoi menywod yn y canol, gyda chamau ymarferol y gallwch eu defnyddio yn "
    "eich gwaith eich hun gyda menywod.",
}

CATALOGUE = {
    "Courses": "Cyrsiau",
    "courses": "cyrsiau",
    "Choose a course to start learning. Each course is split into short lessons "
    "that you can work through at your own pace, with questions to help you reflect "
    "on your own practice. Some courses cover distressing subjects, so please read "
    "the content note before you begin.": "Dewiswch gwrs i ddechrau dysgu. Mae pob "
    "cwrs wedi'i rannu'n wersi byr y gallwch weithio drwyddyn nhw ar eich cyflymder "
    "eich hun, gyda chwestiynau i'ch helpu i fyfyrio ar eich ymarfer eich hun. Mae "
    "rhai cyrsiau'n ymdrin â phynciau a allai beri gofid, felly darllenwch y nodyn "
    "cynnwys cyn i chi ddechrau.",
}

COURSE = {
    "Release day: supporting women leaving custody": "Diwrnod rhyddhau: cefnogi "
    "menywod sy'n gadael y ddalfa",
    "release-day-support": "diwrnod-rhyddhau",
    "Release day is one of the most stressful and risky days for a woman leaving "
    "prison. This short course follows the day from planning in custody to the "
    "first weeks in the community. It draws on the practice of Kairos's Women's "
    "Justice service.": "Diwrnod rhyddhau yw un o'r diwrnodau mwyaf llawn straen a "
    "pheryglus i fenyw sy'n gadael y carchar. Mae'r cwrs byr hwn yn dilyn y diwrnod, "
    "o'r cynllunio yn y ddalfa i'r wythnosau cyntaf yn y gymuned. Mae'n seiliedig "
    "ar ymarfer gwasanaeth Cyfiawnder i Fenywod Kairos.",
    "Explain why release day is high-pressure and can increase a woman's risk of "
    "sexual exploitation or reoffending.": "Esbonio pam mae diwrnod rhyddhau dan "
    "gymaint o bwysau, a pham y gall gynyddu'r risg y bydd menyw yn cael ei "
    "hecsbloetio'n rhywiol neu'n aildroseddu.",
    "Plan release with a woman before she leaves custody, including housing, legal "
    "questions and key contact numbers.": "Cynllunio'r rhyddhau gyda menyw cyn iddi "
    "adael y ddalfa, gan gynnwys tai, cwestiynau cyfreithiol a rhifau cyswllt "
    "allweddol.",
    "Arrange release-day appointments in ways that are safer and easier for her to "
    "manage.": "Trefnu apwyntiadau diwrnod rhyddhau mewn ffyrdd sy'n fwy diogel ac "
    "yn haws iddi ymdopi â nhw.",
    "Probation practitioners, prison staff and others who support women leaving "
    "custody": "Ymarferwyr y gwasanaeth prawf, staff carchardai ac eraill sy'n "
    "cefnogi menywod sy'n gadael y ddalfa",
    "This course mentions sexual exploitation, homelessness and the risk of a woman "
    "meeting someone who has harmed her.": "Mae'r cwrs hwn yn sôn am ecsbloetio "
    "rhywiol, digartrefedd a'r risg y gallai menyw gyfarfod â rhywun sydd wedi "
    "gwneud niwed iddi.",
}

PLANNING = {
    "Planning for release": "Cynllunio ar gyfer y rhyddhau",
    "planning-for-release": "cynllunio-ar-gyfer-y-rhyddhau",
    "Why release day is so high-pressure, and how planning while a woman is still "
    "in custody can make it safer.": "Pam mae diwrnod rhyddhau dan gymaint o bwysau, "
    "a sut y gall cynllunio tra bo menyw yn dal yn y ddalfa ei wneud yn fwy diogel.",
    "This lesson mentions sexual exploitation, homelessness and the risk of "
    "reoffending after release. Take a break whenever you need to.": "Mae'r wers "
    "hon yn sôn am ecsbloetio rhywiol, digartrefedd a'r risg o aildroseddu ar ôl "
    "rhyddhau. Cymerwch seibiant pryd bynnag y bydd angen.",
    "Why release day is so hard": "Pam mae diwrnod rhyddhau mor anodd",
    "The day a woman leaves prison is a particularly stressful time. There are "
    "multiple appointments to keep track of and attend, and new information to "
    "process. Many women do not have stable support networks to return to.": "Mae'r "
    "diwrnod y mae menyw yn gadael y carchar yn adeg arbennig o anodd a llawn "
    "straen. Mae sawl apwyntiad i'w cofio a mynd iddyn nhw, a gwybodaeth newydd i'w "
    "deall. Does gan lawer o fenywod ddim rhwydwaith cymorth sefydlog i ddychwelyd "
    "ato.",
    "Kairos's experience is that, without support, this high-pressure day can leave "
    "a woman at high risk of sexual exploitation or reoffending. Women can be placed "
    "straight back into situations that increase their risk.": "Profiad Kairos yw "
    "y gall y diwrnod hwn, sydd dan gymaint o bwysau, adael menyw mewn perygl mawr o "
    "gael ei hecsbloetio'n rhywiol neu o aildroseddu os nad oes cymorth ar gael. "
    "Gall menywod gael eu rhoi'n syth yn ôl mewn sefyllfaoedd sy'n cynyddu'r risg "
    "iddyn nhw.",
    "Start before the gate": "Dechrau cyn y giât",
    "Good release support starts while she is still in custody. Through its prison "
    "in-reach work, Kairos works with other agencies to make sure a woman's needs "
    "are met before release. This can include:": "Mae cymorth da ar gyfer y "
    "rhyddhau yn dechrau tra bo hi'n dal yn y ddalfa. Drwy ei waith mewngymorth mewn "
    "carchardai, mae Kairos yn gweithio gydag asiantaethau eraill i sicrhau bod "
    "anghenion menyw yn cael eu diwallu cyn iddi gael ei rhyddhau. Gall hyn "
    "gynnwys:",
    "liaising with solicitors to follow up on her case and help her understand her "
    "options": "cysylltu â chyfreithwyr i fynd ar drywydd ei hachos a'i helpu i "
    "ddeall ei dewisiadau",
    "liaising with housing providers to explore accommodation options and reduce "
    "the risk of homelessness": "cysylltu â darparwyr tai i ystyried dewisiadau "
    "llety a lleihau'r risg o ddigartrefedd",
    "Regular face-to-face contact matters too. Coventry University's 2018 "
    "evaluation of the Kairos prison in-reach service highlighted that face-to-face "
    "contact throughout a woman's prison stay signals support and care.": "Mae "
    "cyswllt wyneb yn wyneb rheolaidd yn bwysig hefyd. Amlygodd gwerthusiad "
    "Prifysgol Coventry yn 2018 o wasanaeth mewngymorth Kairos mewn carchardai fod "
    "cyswllt wyneb yn wyneb drwy gydol cyfnod menyw yn y carchar yn dangos "
    "cefnogaeth a gofal.",
    "Plan the day with her": "Cynllunio'r diwrnod gyda hi",
    "Plan the day together, so she knows what to expect. You could agree:": "Dylech "
    "gynllunio'r diwrnod gyda'ch gilydd, fel ei bod hi'n gwybod beth i'w ddisgwyl. "
    "Gallech gytuno ar:",
    "who will meet her, and where": "pwy fydd yn cwrdd â hi, a ble",
    "where she will sleep that night": "ble bydd hi'n cysgu'r noson honno",
    "each appointment, with the time, place and person she will see": "pob "
    "apwyntiad, gyda'r amser, y lle a'r person y bydd hi'n ei weld",
    "how she will travel between them": "sut bydd hi'n teithio rhyngddyn nhw",
    "a written list of key contact numbers": "rhestr ysgrifenedig o rifau cyswllt "
    "allweddol",
    "any places or people she needs to avoid to stay safe": "unrhyw leoedd neu bobl "
    "y mae angen iddi eu hosgoi er mwyn cadw'n ddiogel",
    "Release day goes better when it is <b>planned with the woman</b> before she "
    "leaves custody, with housing and legal questions followed up in advance.": "Mae "
    "diwrnod rhyddhau yn mynd yn well pan fydd wedi'i <b>gynllunio gyda'r fenyw</b> "
    "cyn iddi adael y ddalfa, a phan fydd cwestiynau am dai a materion cyfreithiol "
    "wedi cael sylw ymlaen llaw.",
    "If you were leaving prison tomorrow with several appointments and no one to "
    "meet you, what would you most need to know tonight?": "Pe baech chi'n gadael y "
    "carchar yfory gyda sawl apwyntiad a neb i gwrdd â chi, beth fyddai angen i chi "
    "ei wybod fwyaf heno?",
}

ON_THE_DAY = {
    "On the day and the weeks after": "Ar y diwrnod a'r wythnosau wedyn",
    "release-day-and-after": "ar-y-diwrnod-ac-wedyn",
    "Practical, trauma-informed support on release day and in the first weeks in "
    "the community, drawing on Kairos's practice.": "Cymorth ymarferol, wedi'i "
    "lywio gan drawma, ar ddiwrnod rhyddhau ac yn ystod yr wythnosau cyntaf yn y "
    "gymuned, yn seiliedig ar ymarfer Kairos.",
    "This lesson mentions sexual exploitation and the risk of a woman meeting "
    "someone who has harmed her. Take a break whenever you need to.": "Mae'r wers "
    "hon yn sôn am ecsbloetio rhywiol a'r risg y gallai menyw gyfarfod â rhywun sydd "
    "wedi gwneud niwed iddi. Cymerwch seibiant pryd bynnag y bydd angen.",
    "Meeting her": "Cwrdd â hi",
    "On the day of release, Kairos meets women at the train station. If a woman is "
    "particularly vulnerable, Kairos picks her up from the prison gate. A familiar "
    "face at that moment means she does not face the first hours alone.": "Ar "
    "ddiwrnod y rhyddhau, mae Kairos yn cwrdd â menywod yn yr orsaf drenau. Os yw "
    "menyw yn arbennig o agored i niwed, mae Kairos yn ei chasglu o giât y carchar. "
    "Mae wyneb cyfarwydd ar yr adeg honno yn golygu nad yw hi'n wynebu'r oriau "
    "cyntaf ar ei phen ei hun.",
    "Getting through the appointments": "Dod drwy'r apwyntiadau",
    "Release day often means several appointments in one day, along with a lot of "
    "new information. You can help by:": "Mae diwrnod rhyddhau yn aml yn golygu sawl "
    "apwyntiad mewn un diwrnod, ynghyd â llawer o wybodaeth newydd. Gallwch chi "
    "helpu drwy:",
    "keeping the number of appointments on the day as low as you can": "gadw nifer "
    "yr apwyntiadau ar y diwrnod mor isel ag y gallwch",
    "working with other agencies so that times do not clash": "weithio gydag "
    "asiantaethau eraill fel nad yw'r amseroedd yn gwrthdaro",
    "giving key information in writing and in plain language": "roi gwybodaeth "
    "allweddol yn ysgrifenedig ac mewn iaith glir",
    "checking that she has understood what happens next": "wirio ei bod hi wedi "
    "deall beth sy'n digwydd nesaf",
    "Think about where appointments happen. Women are often expected to attend "
    "appointments at offices where there is a high chance of bumping into their "
    "perpetrator. The Probation Service is invited to hold appointments at the "
    "Kairos women's hub, so that women have a safe space to attend.": "Meddyliwch am "
    "ble mae apwyntiadau'n digwydd. Yn aml, mae disgwyl i fenywod fynd i "
    "apwyntiadau mewn swyddfeydd lle mae siawns uchel y byddan nhw'n dod ar draws y "
    "sawl a wnaeth niwed iddyn nhw. Mae'r Gwasanaeth Prawf yn cael ei wahodd i "
    "gynnal apwyntiadau yng nghanolfan menywod Kairos, fel bod gan fenywod le "
    "diogel i fynd iddo.",
    "The weeks after": "Yr wythnosau wedyn",
    "Kairos supports women to engage with the Probation Service. The aim is to "
    "reduce barriers and increase their chances of successfully completing their "
    "licence periods or community orders. Kairos also helps women to access "
    "benefits, and physical, mental and sexual healthcare.": "Mae Kairos yn cefnogi "
    "menywod i ymgysylltu â'r Gwasanaeth Prawf. Y nod yw lleihau rhwystrau a "
    "chynyddu eu siawns o gwblhau eu cyfnod ar drwydded neu eu gorchymyn cymunedol "
    "yn llwyddiannus. Mae Kairos hefyd yn helpu menywod i gael budd-daliadau, a "
    "gofal iechyd corfforol, meddyliol a rhywiol.",
    "The 2018 Coventry University evaluation described the significant benefit that "
    "a consistently present support practitioner can have for a woman's outcomes "
    "once she leaves prison. Consistency does not stop at the gate.": "Disgrifiodd "
    "gwerthusiad Prifysgol Coventry yn 2018 y budd sylweddol y gall ymarferydd "
    "cymorth sydd yno'n gyson ei gael ar ganlyniadau menyw ar ôl iddi adael y "
    "carchar. Nid yw cysondeb yn dod i ben wrth y giât.",
    "What would we do without you, you have helped me so much, you're my "
    "lifeline.": "Beth fydden ni'n ei wneud hebddoch chi? Rydych chi wedi fy helpu "
    "gymaint. Chi yw fy rhaff achub.",
    "Service user": "Defnyddiwr gwasanaeth",
    "On release day, a <b>familiar face</b>, <b>fewer and joined-up "
    "appointments</b> and a <b>safe place</b> to meet can reduce the risk of "
    "exploitation and help a woman complete her licence.": "Ar ddiwrnod rhyddhau, "
    "gall <b>wyneb cyfarwydd</b>, <b>llai o apwyntiadau, wedi'u cydlynu</b> a "
    "<b>lle diogel</b> i gwrdd leihau'r risg o ecsbloetio a helpu menyw i gwblhau "
    "ei thrwydded.",
    "Where do women on your caseload go for their first appointment after release? "
    "Could they meet someone who has harmed them there? What could you arrange "
    "differently?": "I ble mae'r menywod ar eich llwyth achosion yn mynd ar gyfer eu "
    "hapwyntiad cyntaf ar ôl cael eu rhyddhau? A allen nhw gyfarfod â rhywun sydd "
    "wedi gwneud niwed iddyn nhw yno? Beth allech chi ei drefnu'n wahanol?",
}

QUIZ = {
    "Release day quiz": "Cwis diwrnod rhyddhau",
    "release-day-quiz": "cwis-diwrnod-rhyddhau",
    "Three questions drawn from our question bank: each attempt is different.": "Tri "
    "chwestiwn wedi'u dewis o'n banc cwestiynau: mae pob ymgais yn wahanol.",
    "Well done: you have passed this quiz.": "Da iawn: rydych chi wedi llwyddo yn y "
    "cwis hwn.",
    "You did not reach the pass mark this time. That is all right: look back at the "
    "lessons and try again when you are ready.": "Dydych chi ddim wedi cyrraedd y "
    "marc llwyddo y tro hwn. Mae hynny'n iawn: edrychwch yn ôl ar y gwersi a rhowch "
    "gynnig arall arni pan fyddwch chi'n barod.",
}

QUESTIONS = {
    "True": "Gwir",
    "False": "Gau",
    # Where might a Kairos practitioner meet her?
    "Where might a Kairos practitioner meet a woman on the day of her release?": "Ble "
    "gallai ymarferydd Kairos gwrdd â menyw ar ddiwrnod ei rhyddhau?",
    "Meeting her on the day makes the first hours safer and less lonely.": "Mae "
    "cwrdd â hi ar y diwrnod yn gwneud yr oriau cyntaf yn fwy diogel ac yn llai "
    "unig.",
    "At the train station, or at the prison gate if she is particularly "
    "vulnerable": "Yn yr orsaf drenau, neu wrth giât y carchar os yw hi'n arbennig "
    "o agored i niwed",
    "At her first probation appointment, once she has reported in": "Yn ei "
    "hapwyntiad cyntaf gyda'r gwasanaeth prawf, ar ôl iddi gyrraedd yno",
    "At the Kairos hub, once she has found somewhere to stay": "Yng nghanolfan "
    "Kairos, ar ôl iddi ddod o hyd i rywle i aros",
    # Several appointments (true or false)
    "Release day often means several appointments to keep track of in one day.": "Mae "
    "diwrnod rhyddhau yn aml yn golygu sawl apwyntiad i'w cofio mewn un diwrnod.",
    "Multiple appointments and new information make it a high-pressure day.": "Mae "
    "sawl apwyntiad a gwybodaeth newydd yn ei wneud yn ddiwrnod dan bwysau mawr.",
    # Housing (true or false)
    "Housing is best left until after a woman has been released.": "Mae'n well "
    "gadael materion tai tan ar ôl i fenyw gael ei rhyddhau.",
    "Liaising with housing providers before release reduces the risk of "
    "homelessness.": "Mae cysylltu â darparwyr tai cyn y rhyddhau yn lleihau'r risg o "
    "ddigartrefedd.",
    # Solicitors
    "Why does Kairos liaise with solicitors while a woman is in custody?": "Pam mae "
    "Kairos yn cysylltu â chyfreithwyr tra bo menyw yn y ddalfa?",
    "Understanding her options helps her take part in decisions about her case.": "Mae "
    "deall ei dewisiadau yn ei helpu i gymryd rhan mewn penderfyniadau am ei "
    "hachos.",
    "To follow up her case and help her understand her options": "I fynd ar drywydd "
    "ei hachos a'i helpu i ddeall ei dewisiadau",
    "To give the court a report on her progress in custody": "I roi adroddiad i'r "
    "llys ar ei chynnydd yn y ddalfa",
    "To ask for her release date to be brought forward": "I ofyn am gael dod â'i "
    "dyddiad rhyddhau ymlaen",
    # A high-risk time
    "Why can the day of release from prison be a high-risk time?": "Pam gall "
    "diwrnod y rhyddhau o'r carchar fod yn adeg o risg uchel?",
    "Without support, release day can leave a woman at high risk of sexual "
    "exploitation or reoffending.": "Heb gymorth, gall diwrnod rhyddhau adael menyw "
    "mewn perygl mawr o gael ei hecsbloetio'n rhywiol neu o aildroseddu.",
    "She may have several appointments and a lot of new information in one day, "
    "sometimes at offices where she could meet a perpetrator": "Efallai y bydd "
    "ganddi sawl apwyntiad a llawer o wybodaeth newydd mewn un diwrnod, weithiau "
    "mewn swyddfeydd lle gallai gyfarfod â rhywun a wnaeth niwed iddi",
    "She has no appointments to keep for the first few days, so her day has no "
    "structure and no one checks on her": "Does ganddi ddim apwyntiadau i'w cadw am "
    "yr ychydig ddiwrnodau cyntaf, felly does dim strwythur i'w diwrnod a does neb "
    "yn cadw golwg arni",
    "Her housing is always arranged before release, so services see no need to stay "
    "in touch with her that day": "Mae ei llety bob amser wedi'i drefnu cyn y "
    "rhyddhau, felly dydy gwasanaethau ddim yn gweld angen cadw mewn cysylltiad â "
    "hi'r diwrnod hwnnw",
}

WELSH = {**HOME, **CATALOGUE, **COURSE, **PLANNING, **ON_THE_DAY, **QUIZ, **QUESTIONS}


def _translate_once(instance, locale: Locale, user=None):
    """Translate unless a translation exists already: a trainer's later edits
    to the Welsh survive a second run."""
    if instance.has_translation(locale):
        return instance.get_translation(locale)
    return translate(instance, WELSH_CODE, WELSH, user=user)


def seed_welsh(*, home: HomePage, catalogue: CourseIndexPage, course: CoursePage):
    """The Welsh home page, catalogue and "Release day" course with its lessons
    and quiz, and the Welsh of every question its quiz draws from. Pages are
    published when the seeding transaction commits (wagtail-localize publishes
    on commit)."""
    locale = Locale.objects.get(language_code=WELSH_CODE)
    for page in (home, catalogue, course):
        _translate_once(page, locale)
    # Trainers edit the Welsh catalogue's courses as they do the English.
    course_services.grant_trainers_course_tree(
        catalogue=catalogue.get_translation(locale)
    )
    for step in course.get_children().specific().order_by("path"):
        _translate_once(step, locale)
    for quiz in course.get_children().type(*_quiz_types()).specific():
        for draw in quiz.draws.all():
            questions = Question.objects.filter(
                category=draw.category, locale=Locale.get_default()
            )
            for question in questions:
                _translate_once(question, locale)


def _quiz_types():
    from quizzes.models import QuizPage

    return (QuizPage,)


def seed_welsh_learner(*, course: CoursePage, password: str):
    """Seren, who reads Kairos in Welsh, in the demo learner's agency and team:
    she has completed "Release day" in Welsh (its quiz taken in Welsh), through
    the same services as any learner, so her record is the English course's
    and her certificate is issued as for anyone."""
    User = get_user_model()
    email, name = WELSH_LEARNER
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=password, full_name=name, preferred_language="cy"
        )
    membership = Membership.objects.filter(
        agency__name=PROBATION, user__email="learner@kairos.test"
    ).first()
    if membership and not Membership.objects.filter(user=user).exists():
        Membership.objects.create(
            user=user, agency=membership.agency, team=membership.team
        )
        agency_services.sync_requirements([user.pk])
    enrolment, _ = course_services.enrol(user=user, course=course)
    if not enrolment.is_complete:
        with translation.override(WELSH_CODE):
            take_course(user, course)
    return user
