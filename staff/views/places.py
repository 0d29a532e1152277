"""The partner places on the staff pages (#14): a list and a page per place, where the
coordinator keeps the place's pictures (``Rights.may_keep_places``). The place's other facts
are kept in the admin (its link is on the page); its public page is under /orter/."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import ListView, TemplateView

from partners.models import Place, PlacePicture
from staff.mixins import StaffMixin
from staff.views.pictures import pictures_context


class PlaceListView(StaffMixin, ListView):
    """Every partner place, published or not, with how many pictures it has."""

    http_method_names = ["get", "head"]
    template_name = "staff/place_list.html"
    context_object_name = "places"
    paginate_by = 100

    def allowed(self):
        return self.rights.may_keep_places

    def get_queryset(self):
        return (
            Place.objects.annotate(picture_count=Count("pictures"))
            .only("pk", "name", "local_name", "country", "kind", "published")
            .order_by("name", "pk")
        )


class PlaceDetailView(StaffMixin, TemplateView):
    """A partner place: its facts in short, its public page if published, and its pictures."""

    http_method_names = ["get", "head"]
    template_name = "staff/place_detail.html"

    def allowed(self):
        return self.rights.may_keep_places

    def dispatch(self, request, *args, **kwargs):
        self.place = get_object_or_404(
            Place.objects.prefetch_related(Prefetch("pictures", PlacePicture.objects.all())),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            place=self.place, **pictures_context(self.rights, self.place), **kwargs
        )
