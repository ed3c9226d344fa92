from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from chorus.core import views as core_views
from chorus.news import views as news_views

# Error pages in the visitor's language with the site chrome (chorus/core/error_pages.py);
# 403 and 404 are Django's own handlers, which already render 403.html/404.html with the request.
handler400 = "chorus.core.error_pages.bad_request"
handler500 = "chorus.core.error_pages.server_error"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    # Staff log in through allauth (which enforces MFA), never Wagtail's password-only form.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", news_views.sitemap_view, name="sitemap"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("", include("chorus.news.urls")),
    path("", include("chorus.actions.urls")),
    path("my-data/", include("chorus.privacy.urls")),
    # Wagtail's front-end login is a plain password form (no rate limits, no second factor).
    path("_util/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
