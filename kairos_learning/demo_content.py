"""Demo training content for Kairos Learning.

Pure data, read by ``manage.py seed_demo``. Facts about Kairos come only from the
published case study of its Women's Justice service (Leontine Gnaly, 2024).
Quotes are from Kairos service users, used verbatim and never named.

Lesson bodies are raw StreamField data for ``courses.blocks.LessonBodyBlock``.
"""

HOME_INTRO: str = (
    "<p>Kairos Learning is the online training space of Kairos, a women's charity in "
    "Coventry. Kairos supports women in contact with the criminal justice system who "
    "are subject to, or at risk of, sexual exploitation.</p>"
    "<p>Our courses are for Probation practitioners and for staff in prisons, the "
    "police, courts, housing and health services. They share Kairos's trauma-informed, "
    "women-centred approach, with practical steps you can use in your own work with "
    "women.</p>"
)

CATALOGUE_INTRO: str = (
    "<p>Choose a course to start learning. Each course is split into short lessons "
    "that you can work through at your own pace, with questions to help you reflect on "
    "your own practice. Some courses cover distressing subjects, so please read the "
    "content note before you begin.</p>"
)

# The demo learner has completed this course and holds its certificate.
COMPLETED_COURSE_SLUG = "release-day-support"

COURSES: list[dict] = [
    {
        "title": "Trauma-informed, women-centred practice in justice settings",
        "slug": "trauma-informed-practice",
        "summary": (
            "Learn how Kairos, a Coventry women's charity, supports women in contact "
            "with the criminal justice system who are subject to, or at risk of, "
            "sexual exploitation. The course explores why women's needs differ in a "
            "male-centred system and what trauma-informed, women-centred practice "
            "looks like day to day, especially in probation."
        ),
        "learning_outcomes": [
            (
                "Describe the multiple, complex and unmet needs of women in contact "
                "with the criminal justice system who are subject to or at risk of "
                "sexual exploitation."
            ),
            (
                "Explain how women can be supported at court, in custody and on "
                "release, including the practical details that help."
            ),
            (
                "Recognise why women's needs are often missed in a male-centred "
                "justice system."
            ),
            (
                "Apply the principles of safety, trust, choice, collaboration and "
                "empowerment to your own work with women."
            ),
            (
                "Identify ways to work in partnership so that women do not fall "
                "through the gaps in support."
            ),
        ],
        "estimated_minutes": 75,
        "cpd_hours": "1.5",
        "validity_months": 12,
        # The quiz opens once the lessons are done, as the course page says.
        "quizzes_wait_for_earlier_steps": True,
        "audience": (
            "Probation practitioners and other justice agency staff, including "
            "prisons, police, courts, housing and health"
        ),
        "topics": [
            "Trauma-informed practice",
            "Women in the justice system",
            "Sexual exploitation",
            "Partnership working",
        ],
        "content_note": (
            "This course talks about sexual exploitation, abuse and trauma, prison, "
            "and mothers being separated from their children. It does not include "
            "detailed personal accounts. You can take breaks and come back at any time."
        ),
        "lessons": [
            {
                "title": "The women Kairos supports",
                "slug": "the-women-kairos-supports",
                "content_topics": ["Sexual exploitation", "Domestic abuse"],
                "alternative_summary": (
                    "<p>Kairos works with women in Coventry who are in contact with "
                    "the criminal justice system and who are, or are at risk of being, "
                    "sexually exploited. Many have lived through abuse, poverty, "
                    "addiction or time in care. Kairos's support is voluntary, has no "
                    "end date, and follows what each woman says she needs.</p>"
                ),
                "alternative_task": (
                    "Think of one woman you have worked with. What might have made it "
                    "easier for her to trust the service? Note one thing you could do "
                    "differently."
                ),
                "intro": (
                    "Who the women are, what their lives can look like, and why Kairos "
                    "offers support that is voluntary, open-ended and led by the woman."
                ),
                "estimated_minutes": 15,
                "body": [
                    {
                        "type": "content_note",
                        "value": {
                            "text": (
                                "This lesson talks about sexual exploitation, abuse "
                                "and trauma. Take a break whenever you need to. If "
                                "anything here affects you, please talk to someone you "
                                "trust, such as your manager or your organisation's "
                                "staff support service."
                            ),
                        },
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "Who Kairos is",
                            "level": "h2",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>Kairos is a women's charity based in Coventry. It is "
                            "run by women, for women who have multiple, complex and "
                            "unmet needs and who are subject to, or at risk of, sexual "
                            "exploitation.</p>"
                            "<p>Kairos offers practical and emotional support, "
                            "advocacy, awareness raising, peer support groups, "
                            "outreach and drop-ins. Its Women's Justice service is for "
                            "women who are subject to or at risk of sexual "
                            "exploitation and who are also in contact with the "
                            "criminal justice system. A Specialist Justice "
                            "Practitioner leads the service, supported by a Support "
                            "and Advocacy Practitioner.</p>"
                            "<p>This course shares what Kairos has learned from that "
                            "work. It is written for you as a practitioner in a "
                            "justice agency, and it is focused on what you can do.</p>"
                        ),
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "Multiple, complex and unmet needs",
                            "level": "h2",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>The women Kairos supports rarely face one problem at a "
                            "time. Their needs overlap and feed into each other. A "
                            "woman might be living with several of these at once:</p>"
                            "<ul>"
                            "<li>sexual exploitation, or the risk of it, including "
                            "exploitative relationships</li>"
                            "<li>homelessness, insecure housing or unsafe "
                            "accommodation</li>"
                            "<li>substance use</li>"
                            "<li>poverty</li>"
                            "<li>physical, mental and sexual health needs</li>"
                            "<li>past or recent sexual violence and abuse</li>"
                            "<li>pregnancy, or the removal of children into care</li>"
                            "<li>contact with the police, courts, prison or "
                            "probation</li>"
                            "</ul>"
                            "<p>Many of the women supported in prison do not have "
                            "stable support networks in their communities. There may "
                            "be no one to call, no one to visit and no safe place to "
                            "go back to.</p>"
                            "<p>The word <b>unmet</b> matters. It does not mean a "
                            "woman has refused help. Often the help on offer did not "
                            "fit her life, came at the wrong time, or did not feel "
                            "safe to use. When one need is left unmet, the others "
                            "usually get harder.</p>"
                        ),
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "Language that respects women",
                            "level": "h3",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>The words we use shape how women are seen and how they "
                            "see themselves. Sexual exploitation is something that is "
                            "done to a woman. She is not to blame for it.</p>"
                            "<ul>"
                            '<li>Say "women who are subject to or at risk of sexual '
                            'exploitation", not labels that define a woman by what '
                            "has happened to her.</li>"
                            '<li>Say "women in contact with the criminal justice '
                            'system", not labels that define her by an offence.</li>'
                            "<li>Use the same respectful language in case notes and "
                            "reports as you would use in front of her.</li>"
                            "</ul>"
                        ),
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "Voluntary, open-ended and led by the woman",
                            "level": "h2",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>Kairos support is <b>voluntary</b>. This means Kairos "
                            "can respond to a woman as and when she is ready for help. "
                            "The support is <b>open-ended</b>, so there is no fixed "
                            "end date. It is <b>led by the woman</b>: she decides what "
                            "she wants to work on and in what order.</p>"
                            "<p>This can feel very different from statutory work, "
                            "where contact is often required and time-limited. You may "
                            "not be able to make your contact voluntary. You can still "
                            "learn from the idea behind it. Ask her what matters most "
                            "to her. Let her set the order where you can. Keep the "
                            "door open, even when she is not ready to engage.</p>"
                        ),
                    },
                    {
                        "type": "quote",
                        "value": {
                            "quote": (
                                "What would we do without you, you have helped me so "
                                "much, you're my lifeline."
                            ),
                            "attribution": "Service user",
                        },
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": 'What "kairos" means',
                            "level": "h2",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p><i>Kairos</i> is an ancient Greek word. It means the "
                            "right or critical moment for change or crucial action.</p>"
                            "<p>Kairos holds space for women until the time is right "
                            "for them to take action towards their goals. For you as a "
                            "practitioner, this is a helpful way to think. A woman who "
                            "is not ready to make changes today has not failed. Her "
                            "moment may simply not have come yet. Every contact you "
                            "have with her, even a short one, can help her trust that "
                            "support will still be there when it does.</p>"
                        ),
                    },
                    {
                        "type": "key_point",
                        "value": {
                            "text": (
                                "<p>The women Kairos supports have <b>multiple, "
                                "complex and unmet needs</b>. Support works best when "
                                "it follows the woman's lead, has no fixed end date "
                                "and <b>holds space</b> until she is ready to act.</p>"
                            ),
                        },
                    },
                    {
                        "type": "reflection_prompt",
                        "value": {
                            "prompt": (
                                "Think of a woman you have worked with who did not "
                                "seem ready to engage. What was going on in her life "
                                "at the time? What might have helped to keep the door "
                                "open for her?"
                            ),
                        },
                    },
                ],
            },
            {
                "title": "Court, custody and release: the three pathways",
                "slug": "three-pathways",
                # Its content note: court, prison, sexual exploitation, meeting
                # someone who has harmed her.
                "content_topics": ["Sexual exploitation"],
                "intro": (
                    "How Kairos's Women's Justice service supports women at court, in "
                    "prison and on release, and the practical details that make a "
                    "difference."
                ),
                "estimated_minutes": 15,
                "body": [
                    {
                        "type": "content_note",
                        "value": {
                            "text": (
                                "This lesson talks about court, prison, sexual "
                                "exploitation and the risk of a woman meeting someone "
                                "who has harmed her. Take a break whenever you need to."
                            ),
                        },
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "One practitioner across three pathways",
                            "level": "h2",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>Kairos's Women's Justice service supports women "
                            "through three pathways:</p>"
                            "<ul>"
                            "<li>accompaniment to court hearings, and support through "
                            "criminal justice processes</li>"
                            "<li>prison in-reach, including at HMP Peterborough</li>"
                            "<li>release day support, and support in the community "
                            "after release</li>"
                            "</ul>"
                            "<p>The Specialist Justice Practitioner supports women in "
                            "all three. So a woman can have one familiar person "
                            "alongside her from court, through custody and back into "
                            "the community. She does not have to start again with "
                            "someone new at each stage.</p>"
                        ),
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "Court: feeling prepared",
                            "level": "h2",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>Court can be frightening and confusing. The Specialist "
                            "Justice Practitioner helps women to:</p>"
                            "<ul>"
                            "<li>find legal representation</li>"
                            "<li>understand their rights and responsibilities</li>"
                            "<li>navigate working with their legal teams</li>"
                            "</ul>"
                            "<p>She also gives practical support, so that a woman "
                            "feels prepared for court:</p>"
                            "<ul>"
                            "<li>access to smart clothes to wear</li>"
                            "<li>help with transport, so getting there is not a "
                            "barrier</li>"
                            "<li>help to prepare a bag, in case she is sentenced to "
                            "custody</li>"
                            "<li>help to write down her key contact numbers, in case "
                            "she is sentenced to custody and cannot get to them</li>"
                            "</ul>"
                            "<p>These things can seem small. But a woman who arrives "
                            "on time, dressed in clothes she feels confident in, and "
                            "who knows who she can call, is in a far better position "
                            "to cope with whatever the day brings.</p>"
                        ),
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "Custody: prison in-reach",
                            "level": "h2",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>Many of the women supported through prison in-reach do "
                            "not have stable support networks in their communities. "
                            "The Specialist Justice Practitioner works with other "
                            "agencies to make sure a woman's needs are met before she "
                            "is released. This can include:</p>"
                            "<ul>"
                            "<li>liaising with solicitors to follow up on her case and "
                            "help her understand her options</li>"
                            "<li>liaising with housing providers to explore "
                            "accommodation options and reduce the risk of homelessness "
                            "on release</li>"
                            "</ul>"
                        ),
                    },
                    {
                        "type": "quote",
                        "value": {
                            "quote": (
                                "You are the only person that comes to see in prison, "
                                "I have no one else. I know that I am not forgotten "
                                "when I am in here"
                            ),
                            "attribution": "Service user",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>Coventry University evaluated Kairos's prison in-reach "
                            "service in 2018. The evaluation highlighted the "
                            "importance of face-to-face contact with women throughout "
                            "their prison stay, because it signals support and care. "
                            "It described the loneliness and isolation women "
                            "experience while serving custodial sentences. It also "
                            "described the significant benefit that a consistently "
                            "present support practitioner can have for a woman's "
                            "outcomes once she leaves prison.</p>"
                            "<p>With this kind of support, a prison stay can become an "
                            "opportunity to make changes for a better life.</p>"
                        ),
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "Release day and after",
                            "level": "h2",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>Release day is a particularly stressful time. There "
                            "are multiple appointments to keep track of and attend, "
                            "and new information to process. Without support, this "
                            "high-pressure day can leave a woman at high risk of "
                            "sexual exploitation or reoffending. Women are often "
                            "expected to attend appointments at offices where there is "
                            "a high chance of bumping into their perpetrator.</p>"
                            "<p>To reduce these risks, Kairos:</p>"
                            "<ul>"
                            "<li>meets women at the train station on the day of "
                            "release, or picks them up from the prison gate if they "
                            "are particularly vulnerable</li>"
                            "<li>supports women to engage with the Probation Service, "
                            "to reduce barriers and increase their chances of "
                            "successfully completing licence periods or community "
                            "orders</li>"
                            "<li>invites the Probation Service to hold appointments at "
                            "the Kairos women's hub, so women have a safe space to "
                            "attend</li>"
                            "<li>helps women access benefits, and physical, mental and "
                            "sexual healthcare</li>"
                            "</ul>"
                            "<p>The course <i>Release day: supporting women leaving "
                            "custody</i> looks at this day in more detail.</p>"
                        ),
                    },
                    {
                        "type": "key_point",
                        "value": {
                            "text": (
                                "<p><b>Consistency</b> runs through all three "
                                "pathways. One familiar person, practical preparation "
                                "and face-to-face contact help a woman move from court "
                                "to custody to the community without falling through "
                                "the gaps.</p>"
                            ),
                        },
                    },
                    {
                        "type": "reflection_prompt",
                        "value": {
                            "prompt": (
                                "Where does your role touch a woman's journey through "
                                "court, custody or release? What is one practical "
                                "thing you could do at that point to make the next "
                                "stage easier for her?"
                            ),
                        },
                    },
                ],
            },
            {
                "title": "Why women's needs differ in a male-centred system",
                "slug": "why-womens-needs-differ",
                # Domestic and sexual abuse, exploitative relationships, sexual
                # exploitation and the justice system.
                "content_topics": ["Sexual exploitation", "Domestic abuse"],
                "intro": (
                    "Justice services were largely built around men. This lesson "
                    "explores how that affects women, and what a women-centred "
                    "response looks like."
                ),
                "estimated_minutes": 15,
                "body": [
                    {
                        "type": "content_note",
                        "value": {
                            "text": (
                                "This lesson talks in general terms about abuse, "
                                "trauma and sexual exploitation, and about mothers "
                                "being separated from their children. Take a break "
                                "whenever you need to."
                            ),
                        },
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "A system built mainly around men",
                            "level": "h2",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>Justice services are largely male-centred. Women are "
                            "in the minority, so their needs are often not fully "
                            "understood. Many buildings, processes and ways of working "
                            "were designed with men in mind.</p>"
                            "<p>This is not about anyone meaning harm. But when a "
                            "system is not designed around a woman's needs, those "
                            "needs are easily missed or misread. A woman may then be "
                            'seen as "difficult" or "not engaging" when the real '
                            "problem is that the service does not fit her life.</p>"
                        ),
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "How women's lives are often different",
                            "level": "h2",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>Every woman is different. But some patterns are widely "
                            "recognised among women in contact with the criminal "
                            "justice system:</p>"
                            "<ul>"
                            "<li><b>Abuse and trauma.</b> Many women have experienced "
                            "abuse, including domestic and sexual abuse, often from a "
                            "young age.</li>"
                            "<li><b>Relationships.</b> A woman's offending can be "
                            "linked to an abusive, controlling or exploitative "
                            "relationship.</li>"
                            "<li><b>Caring responsibilities.</b> Many women are "
                            "mothers and main carers. Custody can mean separation from "
                            "children, and some women face their children being taken "
                            "into care.</li>"
                            "<li><b>Overlapping needs.</b> Housing, money, substance "
                            "use and mental health needs are often tangled "
                            "together.</li>"
                            "<li><b>Isolation.</b> Many women lack a stable support "
                            "network to return to.</li>"
                            "</ul>"
                        ),
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "Sexual exploitation and the justice system",
                            "level": "h2",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>Women who are subject to or at risk of sexual "
                            "exploitation may be controlled or coerced by others. "
                            "Exploitation can be bound up with housing, money, "
                            "substances or a relationship. A woman may be a victim of "
                            "serious harm and also be in contact with the justice "
                            "system because of something she has done. Both can be "
                            "true at the same time.</p>"
                            "<p>Seeing the whole picture does not excuse harm. It "
                            "helps you understand her risks and plan support that has "
                            "a real chance of working.</p>"
                        ),
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "Leaving prison",
                            "level": "h3",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>Kairos's experience is that women are further "
                            "disadvantaged once they leave prison, because there is a "
                            "lack of women-centred and trauma-informed support. When "
                            "women leave prison, they can often be placed straight "
                            "back into situations that increase their risk of "
                            "reoffending. They may be expected to attend appointments "
                            "at offices where there is a high chance of meeting their "
                            "perpetrator.</p>"
                        ),
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "What women-centred means in practice",
                            "level": "h2",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>A women-centred approach starts from women's lives and "
                            "needs, rather than asking women to fit a system designed "
                            "for someone else. It can include:</p>"
                            "<ul>"
                            "<li>safe, women-only spaces to meet, such as a women's "
                            "hub or women's centre</li>"
                            "<li>giving her a say in who she sees and where, wherever "
                            "you can</li>"
                            "<li>planning appointments around childcare and other "
                            "commitments</li>"
                            "<li>looking at housing, health, money and safety "
                            "together, not one at a time</li>"
                            "<li>understanding that trauma can shape how she responds "
                            "to you</li>"
                            "<li>working with specialist women's services that she "
                            "already trusts</li>"
                            "</ul>"
                        ),
                    },
                    {
                        "type": "key_point",
                        "value": {
                            "text": (
                                "<p>Treating women exactly the same as men is not the "
                                "same as treating them fairly. A <b>women-centred</b> "
                                "approach adapts the service to women's lives, so they "
                                "have a real chance to succeed.</p>"
                            ),
                        },
                    },
                    {
                        "type": "reflection_prompt",
                        "value": {
                            "prompt": (
                                "Picture the place where you usually see women. Who "
                                "else is in the waiting area? How might it feel to sit "
                                "there for a woman who has been exploited or abused by "
                                "a man? What could you change?"
                            ),
                        },
                    },
                ],
            },
            {
                "title": "Trauma-informed practice for probation officers",
                "slug": "trauma-informed-probation-practice",
                # Trauma, abuse and sexual exploitation, and services that harm.
                "content_topics": ["Sexual exploitation"],
                "intro": (
                    "What trauma-informed practice looks like in day-to-day probation "
                    "work: safe spaces, choice, predictability, consistency and "
                    "working together."
                ),
                "estimated_minutes": 20,
                "body": [
                    {
                        "type": "content_note",
                        "value": {
                            "text": (
                                "This lesson talks about trauma, abuse and sexual "
                                "exploitation, and about how services can cause "
                                "further harm. Take a break whenever you need to."
                            ),
                        },
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "What trauma-informed means",
                            "level": "h2",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>Being trauma-informed means recognising that many "
                            "women you work with have lived through trauma, and that "
                            "it affects how they think, feel and respond. It means "
                            "shaping your practice so that it does not cause more "
                            "harm.</p>"
                            "<p>It does not mean asking women to tell you what "
                            "happened to them. You do not need to know the details of "
                            "a woman's trauma to work with her in a trauma-informed "
                            "way.</p>"
                            "<p>Trauma-informed practice is often described through "
                            "five widely used principles:</p>"
                            "<ul>"
                            "<li><b>Safety:</b> she feels physically and emotionally "
                            "safe.</li>"
                            "<li><b>Trust:</b> you are clear, honest and do what you "
                            "say you will do.</li>"
                            "<li><b>Choice:</b> she has real choices, however "
                            "small.</li>"
                            "<li><b>Collaboration:</b> you work with her, not on "
                            "her.</li>"
                            "<li><b>Empowerment:</b> you build on her strengths and "
                            "help her believe in herself.</li>"
                            "</ul>"
                        ),
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "Behaviour can be a response to trauma",
                            "level": "h3",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>Trauma can affect how a woman reacts under stress. A "
                            "missed appointment, anger, silence or seeming not to care "
                            "may be her way of coping with something that feels "
                            "unsafe. Before you decide what the behaviour means, get "
                            "curious. Ask what is going on for her.</p>"
                        ),
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "What you can do in practice",
                            "level": "h2",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<h4>Offer a safe space</h4>"
                            "<ul>"
                            "<li>Where you can, hold appointments somewhere women feel "
                            "safe, such as a women's hub. The Probation Service is "
                            "invited to hold appointments at the Kairos women's hub "
                            "for exactly this reason.</li>"
                            "<li>Think about who else might be in the building. Women "
                            "are often expected to attend offices where there is a "
                            "high chance of bumping into their perpetrator. Ask her if "
                            "there is anywhere, or anyone, she needs to avoid.</li>"
                            "</ul>"
                            "<h4>Give choice and control</h4>"
                            "<ul>"
                            "<li>Offer choices where you can: the time, where she "
                            "sits, what you talk about first, and whether a support "
                            "worker comes with her.</li>"
                            "<li>Let her know she can ask for a break.</li>"
                            "<li>Ask before you touch on painful subjects, and only "
                            "ask what you need to know.</li>"
                            "</ul>"
                            "<h4>Be predictable</h4>"
                            "<ul>"
                            "<li>Keep to the same day, time and place where "
                            "possible.</li>"
                            "<li>Explain at the start what will happen and how long it "
                            "will take.</li>"
                            "<li>Give appointment details in writing, and send "
                            "reminders if she wants them.</li>"
                            "<li>Tell her about changes as early as you can, and "
                            "explain why.</li>"
                            "</ul>"
                            "<h4>Avoid re-traumatising</h4>"
                            "<ul>"
                            "<li>Do not ask her to retell her story again and again. "
                            "With her consent, share information between agencies so "
                            "she does not have to.</li>"
                            "<li>Use plain language and check she has understood, "
                            "especially on busy days such as release day.</li>"
                            "<li>Notice your tone, your body language and the room. "
                            "Closed doors, raised voices or being talked over can feel "
                            "threatening.</li>"
                            "</ul>"
                            "<h4>Be consistent</h4>"
                            "<ul>"
                            "<li>Where possible, let her see the same officer each "
                            "time.</li>"
                            "<li>If she has to move to a new officer, make a proper "
                            "introduction rather than a cold handover.</li>"
                            "<li>Follow through on what you said you would do.</li>"
                            "</ul>"
                        ),
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "Compliance and support",
                            "level": "h3",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>You still need to follow your organisation's rules on "
                            "enforcement. Trauma-informed practice is not about "
                            "ignoring missed appointments. It is about understanding "
                            "the reasons and removing barriers, so that she has a real "
                            "chance of completing her licence or community order. This "
                            "is also why Kairos supports women to engage with "
                            "probation.</p>"
                        ),
                    },
                    {
                        "type": "quote",
                        "value": {
                            "quote": (
                                "I said I would always make myself free for yous, Now "
                                "I'm really going to try my hardest to engage and "
                                "things I'm really glad I do have you as a support "
                                "worker you make me involve myself a lot more and I "
                                "like that I need it to be honest so thank you for "
                                "pushing me and helping me believe I'm capable."
                            ),
                            "attribution": "Service user",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>Notice what this woman describes. She was pushed and "
                            "helped to believe she is capable. Trauma-informed "
                            "practice is not about low expectations. It is about "
                            "warmth, belief and practical help, so that success "
                            "becomes possible.</p>"
                        ),
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "Work in partnership",
                            "level": "h3",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>No single agency can meet all of a woman's needs. Link "
                            "with specialist women's services such as Kairos, and with "
                            "housing, health and benefits services, so that women do "
                            "not fall through the gaps. The last lesson in this course "
                            "looks at partnership working in more detail.</p>"
                        ),
                    },
                    {
                        "type": "key_point",
                        "value": {
                            "text": (
                                "<p>Trauma-informed probation practice means <b>safe "
                                "spaces</b>, <b>choice and control</b>, "
                                "<b>predictable</b> and <b>consistent</b> contact, "
                                "avoiding <b>re-traumatising</b> women, and working "
                                "with partners so that no one falls through the "
                                "gaps.</p>"
                            ),
                        },
                    },
                    {
                        "type": "reflection_prompt",
                        "value": {
                            "prompt": (
                                "Look at your appointments with women next week. "
                                "Choose one change, such as the place, the time or how "
                                "you explain what will happen, that would give a woman "
                                "more safety or choice. What might stop you making "
                                "that change, and who could help?"
                            ),
                        },
                    },
                ],
            },
            {
                "title": "Working in partnership so women don't fall through the gaps",
                "slug": "partnership-working",
                # Services for women at risk of sexual exploitation, disclosures
                # of sexual violence, domestic abuse, children taken into care.
                "content_topics": [
                    "Sexual exploitation",
                    "Sexual violence",
                    "Domestic abuse",
                ],
                "intro": (
                    "Why partnership working matters, how Kairos works with other "
                    "agencies, and what you can do to join up support around a woman."
                ),
                "estimated_minutes": 10,
                "body": [
                    {
                        "type": "content_note",
                        "value": {
                            "text": (
                                "This lesson mentions sexual violence, domestic abuse "
                                "and the removal of children into care. Take a break "
                                "whenever you need to."
                            ),
                        },
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "Why partnership working matters",
                            "level": "h2",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>Kairos's experience is that successful partnership "
                            "working stops women falling through the gaps in support "
                            "and makes sure their needs are met. Kairos is always "
                            "trying to strengthen its partnerships with other "
                            "agencies.</p>"
                            "<p>Women with multiple, complex needs are often in touch "
                            "with many services at once. If those services do not talk "
                            "to each other, a woman can end up with clashing "
                            "appointments, conflicting advice and the same questions "
                            "asked again and again. Each gap is a chance for her to "
                            "lose support just when she needs it most.</p>"
                        ),
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "How Kairos works with others",
                            "level": "h2",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>Kairos works in a multi-agency way. Before a woman is "
                            "released, this can mean liaising with solicitors and "
                            "housing providers. After release, it can mean supporting "
                            "her to engage with probation and helping her access "
                            "benefits and healthcare.</p>"
                            "<p>Kairos also runs <b>Wonder Women Wednesdays</b>, a "
                            'daytime multi-agency "one stop" drop-in. It offers a '
                            "safe space, a hot meal, a shower, housing support, an "
                            "IDVA (Independent Domestic Violence Advisor), an ISVA "
                            "(Independent Sexual Violence Advisor), substance use "
                            "support, legal advice, a therapist and staff from other "
                            "partner organisations. Kairos hopes to increase the "
                            "number of agencies taking part.</p>"
                            "<p>Other Kairos services in Coventry include:</p>"
                            "<ul>"
                            "<li><b>Feeling Safe</b>, for young women aged 16 to 25 "
                            "who are subject to or at risk of sexual exploitation</li>"
                            "<li><b>Aspire</b>, for women aged 25 and over who are "
                            "subject to or at risk of sexual exploitation</li>"
                            "<li><b>Evening Outreach and Drop-in</b> in the Hillfields "
                            "area, offering a warm space, essential items and support "
                            "with disclosures of sexual violence</li>"
                            "<li><b>A Home Of Her Own</b>, for women who are homeless, "
                            "at risk of homelessness, or in unsafe or unsuitable "
                            "accommodation</li>"
                            "<li><b>Blossoms</b>, a peer support and ante and "
                            "post-natal group, run in partnership with a Specialist "
                            "Midwife</li>"
                            "</ul>"
                        ),
                    },
                    {
                        "type": "quote",
                        "value": {
                            "quote": (
                                "Thank you for helping me and going away to do those "
                                "things for me, it makes my life so much easier and "
                                "happier knowing that someone is there for me and is "
                                "going to help me out no matter what. Just saying "
                                "thank you, and I'll never forget you and Kairos, for "
                                "being the people that got me here. I needed you and "
                                "all the support you give to push me and just thank "
                                "you."
                            ),
                            "attribution": "Service user",
                        },
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "What you can do",
                            "level": "h2",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<ul>"
                            "<li>Find out which specialist women's services work in "
                            "your area, and how to refer to them.</li>"
                            "<li>Ask the woman who is already supporting her, and who "
                            "she trusts.</li>"
                            "<li>With her consent, share information so that she does "
                            "not have to repeat her story.</li>"
                            "<li>Join up appointments so they do not clash, especially "
                            "around release.</li>"
                            "<li>Ask whether you could see her at a women's hub or "
                            "with her support worker present.</li>"
                            "<li>Include her in decisions about who is involved and "
                            "what is shared.</li>"
                            "<li>Share what you have learned here with your own "
                            "team.</li>"
                            "</ul>"
                        ),
                    },
                    {
                        "type": "key_point",
                        "value": {
                            "text": (
                                "<p>Partnership working is not extra work on top of "
                                "the job. It is how you make sure a woman's needs are "
                                "met and that she <b>does not fall through the "
                                "gaps</b> between services.</p>"
                            ),
                        },
                    },
                    {
                        "type": "reflection_prompt",
                        "value": {
                            "prompt": (
                                "Think about the women on your caseload. Which local "
                                "services are already involved with them? Is there one "
                                "partner you could build a stronger link with this "
                                "month?"
                            ),
                        },
                    },
                ],
            },
        ],
    },
    {
        "title": "Release day: supporting women leaving custody",
        "slug": "release-day-support",
        "summary": (
            "Release day is one of the most stressful and risky days for a woman "
            "leaving prison. This short course follows the day from planning in "
            "custody to the first weeks in the community. It draws on the practice of "
            "Kairos's Women's Justice service."
        ),
        "learning_outcomes": [
            (
                "Explain why release day is high-pressure and can increase a woman's "
                "risk of sexual exploitation or reoffending."
            ),
            (
                "Plan release with a woman before she leaves custody, including "
                "housing, legal questions and key contact numbers."
            ),
            (
                "Arrange release-day appointments in ways that are safer and easier "
                "for her to manage."
            ),
        ],
        "estimated_minutes": 25,
        "cpd_hours": "0.5",
        "validity_months": 12,
        # The quiz opens once the lessons are done, as the course page says.
        "quizzes_wait_for_earlier_steps": True,
        "audience": (
            "Probation practitioners, prison staff and others who support women "
            "leaving custody"
        ),
        "topics": [
            "Release from custody",
            "Women in the justice system",
            "Trauma-informed practice",
        ],
        "content_note": (
            "This course mentions sexual exploitation, homelessness and the risk of a "
            "woman meeting someone who has harmed her."
        ),
        "lessons": [
            {
                "title": "Planning for release",
                "slug": "planning-for-release",
                "intro": (
                    "Why release day is so high-pressure, and how planning while a "
                    "woman is still in custody can make it safer."
                ),
                "estimated_minutes": 10,
                "body": [
                    {
                        "type": "content_note",
                        "value": {
                            "text": (
                                "This lesson mentions sexual exploitation, "
                                "homelessness and the risk of reoffending after "
                                "release. Take a break whenever you need to."
                            ),
                        },
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "Why release day is so hard",
                            "level": "h2",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>The day a woman leaves prison is a particularly "
                            "stressful time. There are multiple appointments to keep "
                            "track of and attend, and new information to process. Many "
                            "women do not have stable support networks to return "
                            "to.</p>"
                            "<p>Kairos's experience is that, without support, this "
                            "high-pressure day can leave a woman at high risk of "
                            "sexual exploitation or reoffending. Women can be placed "
                            "straight back into situations that increase their "
                            "risk.</p>"
                        ),
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "Start before the gate",
                            "level": "h2",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>Good release support starts while she is still in "
                            "custody. Through its prison in-reach work, Kairos works "
                            "with other agencies to make sure a woman's needs are met "
                            "before release. This can include:</p>"
                            "<ul>"
                            "<li>liaising with solicitors to follow up on her case and "
                            "help her understand her options</li>"
                            "<li>liaising with housing providers to explore "
                            "accommodation options and reduce the risk of "
                            "homelessness</li>"
                            "</ul>"
                            "<p>Regular face-to-face contact matters too. Coventry "
                            "University's 2018 evaluation of the Kairos prison "
                            "in-reach service highlighted that face-to-face contact "
                            "throughout a woman's prison stay signals support and "
                            "care.</p>"
                        ),
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "Plan the day with her",
                            "level": "h3",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>Plan the day together, so she knows what to expect. "
                            "You could agree:</p>"
                            "<ul>"
                            "<li>who will meet her, and where</li>"
                            "<li>where she will sleep that night</li>"
                            "<li>each appointment, with the time, place and person she "
                            "will see</li>"
                            "<li>how she will travel between them</li>"
                            "<li>a written list of key contact numbers</li>"
                            "<li>any places or people she needs to avoid to stay "
                            "safe</li>"
                            "</ul>"
                        ),
                    },
                    {
                        "type": "key_point",
                        "value": {
                            "text": (
                                "<p>Release day goes better when it is <b>planned with "
                                "the woman</b> before she leaves custody, with housing "
                                "and legal questions followed up in advance.</p>"
                            ),
                        },
                    },
                    {
                        "type": "reflection_prompt",
                        "value": {
                            "prompt": (
                                "If you were leaving prison tomorrow with several "
                                "appointments and no one to meet you, what would you "
                                "most need to know tonight?"
                            ),
                        },
                    },
                ],
            },
            {
                "title": "On the day and the weeks after",
                "slug": "release-day-and-after",
                "intro": (
                    "Practical, trauma-informed support on release day and in the "
                    "first weeks in the community, drawing on Kairos's practice."
                ),
                "estimated_minutes": 15,
                "body": [
                    {
                        "type": "content_note",
                        "value": {
                            "text": (
                                "This lesson mentions sexual exploitation and the risk "
                                "of a woman meeting someone who has harmed her. Take a "
                                "break whenever you need to."
                            ),
                        },
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "Meeting her",
                            "level": "h2",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>On the day of release, Kairos meets women at the train "
                            "station. If a woman is particularly vulnerable, Kairos "
                            "picks her up from the prison gate. A familiar face at "
                            "that moment means she does not face the first hours "
                            "alone.</p>"
                        ),
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "Getting through the appointments",
                            "level": "h2",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>Release day often means several appointments in one "
                            "day, along with a lot of new information. You can help "
                            "by:</p>"
                            "<ul>"
                            "<li>keeping the number of appointments on the day as low "
                            "as you can</li>"
                            "<li>working with other agencies so that times do not "
                            "clash</li>"
                            "<li>giving key information in writing and in plain "
                            "language</li>"
                            "<li>checking that she has understood what happens "
                            "next</li>"
                            "</ul>"
                            "<p>Think about where appointments happen. Women are often "
                            "expected to attend appointments at offices where there is "
                            "a high chance of bumping into their perpetrator. The "
                            "Probation Service is invited to hold appointments at the "
                            "Kairos women's hub, so that women have a safe space to "
                            "attend.</p>"
                        ),
                    },
                    {
                        "type": "heading",
                        "value": {
                            "text": "The weeks after",
                            "level": "h2",
                        },
                    },
                    {
                        "type": "rich_text",
                        "value": (
                            "<p>Kairos supports women to engage with the Probation "
                            "Service. The aim is to reduce barriers and increase their "
                            "chances of successfully completing their licence periods "
                            "or community orders. Kairos also helps women to access "
                            "benefits, and physical, mental and sexual healthcare.</p>"
                            "<p>The 2018 Coventry University evaluation described the "
                            "significant benefit that a consistently present support "
                            "practitioner can have for a woman's outcomes once she "
                            "leaves prison. Consistency does not stop at the gate.</p>"
                        ),
                    },
                    {
                        "type": "quote",
                        "value": {
                            "quote": (
                                "What would we do without you, you have helped me so "
                                "much, you're my lifeline."
                            ),
                            "attribution": "Service user",
                        },
                    },
                    {
                        "type": "key_point",
                        "value": {
                            "text": (
                                "<p>On release day, a <b>familiar face</b>, <b>fewer "
                                "and joined-up appointments</b> and a <b>safe "
                                "place</b> to meet can reduce the risk of exploitation "
                                "and help a woman complete her licence.</p>"
                            ),
                        },
                    },
                    {
                        "type": "reflection_prompt",
                        "value": {
                            "prompt": (
                                "Where do women on your caseload go for their first "
                                "appointment after release? Could they meet someone "
                                "who has harmed them there? What could you arrange "
                                "differently?"
                            ),
                        },
                    },
                ],
            },
        ],
    },
]
