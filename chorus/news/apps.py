from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "chorus.news"
    label = "news"
    verbose_name = "News and pages"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.images import get_image_model
        from wagtail.models import PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from chorus.core.models import MenuItem

        from . import handlers

        page_published.connect(handlers.page_published, dispatch_uid="news.page_published")
        page_unpublished.connect(handlers.page_unpublished, dispatch_uid="news.page_unpublished")
        post_page_move.connect(handlers.content_changed, dispatch_uid="news.page_moved")
        post_delete.connect(handlers.page_deleted, dispatch_uid="news.page_deleted")
        # Menu links are on every page: a changed link makes every cached page stale.
        for model in (PageViewRestriction, Site, get_image_model(), MenuItem):
            post_save.connect(
                handlers.content_changed, sender=model, dispatch_uid=f"news.saved.{model.__name__}"
            )
            post_delete.connect(
                handlers.content_changed, sender=model, dispatch_uid=f"news.deleted.{model.__name__}"
            )
