"""Every link from a stored row to a person, and what her export and her
erasure do with it. `tests/test_policy.py` fails when a model gains a link to
the user model that is in neither list, so nothing new can be forgotten.

Keys are "app_label.Model.field" for each field that points at the user model.
"""

# In her export, and deleted (or, for certificates, withdrawn) when she is erased.
EXPORTED = {
    "courses.Enrolment.user": "courses she enrolled in",
    "courses.StepProgress.user": "lessons she finished and quizzes she passed",
    "courses.BreakPoint.user": "where she took a break",
    "courses.Completion.user": (
        "every course she completed, with the version of the course (deleted; "
        "her withdrawn certificates keep their own copy of names and dates)"
    ),
    "quizzes.Attempt.user": "her quiz attempts, answers and marks",
    "quizzes.TimeAdjustment.user": "more time on timed quizzes, asked for or agreed",
    "certificates.Certificate.user": "her certificates (withdrawn, never deleted)",
    "agencies.Membership.user": "her place in her agency",
    "agencies.Assignment.user": "courses assigned to her by name",
    "agencies.Requirement.user": "her assigned courses and due dates",
    "agencies.ReminderLog.user": "reminder emails sent to her",
    "reflections.Reflection.user": "her private reflection notes",
    "reflections.CheckIn.user": "her private check-ins",
    "reflections.Draft.user": "what she was writing on a lesson and had not saved",
    "privacy.RetentionNotice.user": "the warning before an inactive account goes",
    "accounts.EmailOptOut.user": "the emails she has turned off",
    # On erasure, audit events keep what happened but lose her name and links
    # (audit.services.forget_person).
    "audit.AuditEvent.actor": "audit log entries of what she did",
    "audit.AuditEvent.subject": "audit log entries about her",
}

# Not in her export, each for a reason.
EXCLUDED = {
    # Things other people did, which point at whoever did them. When the person
    # who did them is erased, her user row stays (anonymised), so these keep
    # pointing at "Erased learner".
    "quizzes.Response.marked_by": "who marked an answer: a trainer's work",
    "quizzes.TimeAdjustment.granted_by": (
        "the manager or trainer who agreed more quiz time (her own adjustment "
        "is exported)"
    ),
    "certificates.Certificate.revoked_by": "who withdrew a certificate: staff work",
    "agencies.Invitation.invited_by": "the manager who sent an invitation",
    "agencies.Invitation.cancelled_by": "the manager who cancelled an invitation",
    "agencies.Invitation.accepted_by": (
        "invitations to her are exported and erased by her email address"
    ),
    "agencies.Assignment.assigned_by": "the manager who assigned a course",
    "agencies.ExtensionRequest.decided_by": (
        "the manager who answered a request (her own requests are exported "
        "through her assigned courses)"
    ),
    "support.AgencySupport.updated_by": "the manager who edited agency support",
    "operations.TaskRetry.retried_by": "the admin who retried a failed task",
    "evidence.Build.built_by": (
        "the manager or trainer who built an evidence pack or export: staff "
        "work; its public page shows her name as it is now, so an erased "
        "account is named as erased"
    ),
    # Admin access: people with any of it cannot erase themselves here, and a
    # learner has none of it.
    "accounts.User_groups.user": "admin groups: learners have none",
    "accounts.User_user_permissions.user": "admin permissions: learners have none",
    "wagtailusers.UserProfile.user": "admin preferences; deleted on erasure",
    "wagtailcore.Revision.user": "content editing: trainers and admins only",
    "wagtailcore.PageLogEntry.user": "content editing: trainers and admins only",
    # Wagtail's site history: `user` is the admin who acted. Rows about her
    # (an admin editing her user or her membership) point at her only by
    # object id and carry her name as their label; erasure relabels them
    # "Erased learner" and blanks any data naming her.
    "wagtailcore.ModelLogEntry.user": (
        "who acted in the admin: trainers and admins only; rows about her are "
        "relabelled on erasure"
    ),
    "wagtailcore.WorkflowState.requested_by": "moderation: trainers and admins",
    "wagtailcore.TaskState.finished_by": "moderation: trainers and admins",
    "wagtailcore.Page.owner": "content editing: trainers and admins only",
    "wagtail_localize.StringTranslation.last_translated_by": (
        "translating content: trainers and admins only"
    ),
    "wagtail_localize.SegmentOverride.last_translated_by": (
        "translating content: trainers and admins only"
    ),
    "wagtailcore.Page.locked_by": "content editing: trainers and admins only",
    "wagtailcore.Comment.user": "editors' comments: trainers and admins only",
    "wagtailcore.Comment.resolved_by": "editors' comments: trainers and admins",
    "wagtailcore.CommentReply.user": "editors' comments: trainers and admins",
    "wagtailcore.PageSubscription.user": "editors' notifications; deleted on erasure",
    "wagtailcore.UploadedFile.uploaded_by_user": "admin uploads in progress",
    "wagtailcore.APIToken.user": "admin tokens; deleted on erasure",
    "wagtailadmin.EditingSession.user": "admin editing sessions; deleted on erasure",
    "wagtailadmin.FormState.user": "admin form drafts; deleted on erasure",
    "wagtailimages.Image.uploaded_by_user": "content: trainers and admins only",
    "wagtaildocs.Document.uploaded_by_user": "content: trainers and admins only",
    # Security credentials are not handed out in an export.
    "otp_totp.TOTPDevice.user": "two-factor secret; deleted on erasure",
    "otp_static.StaticDevice.user": "two-factor backup codes; deleted on erasure",
}
