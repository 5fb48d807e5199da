"""Error reports that cannot leak a return request."""

from django.views.debug import SafeExceptionReporterFilter


def is_lead_submission(request):
    return getattr(request, "is_lead_submission", False)


class LeadSafeExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django's filter, plus, for a return-request submission (marked by the
    view), with DEBUG on or off (Django's filter is off while DEBUG is on): no
    POST value and no frame's local variables (the form, the cleaned data, the
    lead's fields), whatever ``sensitive_post_parameters`` and
    ``sensitive_variables`` say."""

    def is_active(self, request):
        return is_lead_submission(request) or super().is_active(request)

    def get_post_parameters(self, request):
        if is_lead_submission(request):
            return dict.fromkeys(request.POST, self.cleansed_substitute)
        return super().get_post_parameters(request)

    def get_traceback_frame_variables(self, request, tb_frame):
        if is_lead_submission(request):
            return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
        return super().get_traceback_frame_variables(request, tb_frame)
