"""Error reports that cannot leak a return request."""

from django.views.debug import SafeExceptionReporterFilter


class LeadSafeExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django's filter, plus: for a return-request submission, no frame shows
    its local variables (the form, the cleaned data, the lead's fields), not
    only the frames marked with ``sensitive_variables``."""

    def get_traceback_frame_variables(self, request, tb_frame):
        if getattr(request, "is_lead_submission", False):
            return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
        return super().get_traceback_frame_variables(request, tb_frame)
