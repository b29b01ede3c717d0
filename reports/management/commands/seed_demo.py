from django.core.management.base import BaseCommand

from plans import demo as plans_demo


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (tỉnh Hà Tĩnh, các sở, người dùng mẫu). Chạy lại nhiều lần vẫn an toàn."

    def handle(self, *args, **options) -> None:
        agencies = plans_demo.seed_agencies()
        personas = plans_demo.seed_personas(agencies)
        self.stdout.write(self.style.SUCCESS(f"Đã tạo {len(agencies)} cơ quan, đơn vị."))
        self.stdout.write("Tài khoản mẫu (chỉ dùng để thử):")
        for persona, password in personas:
            self.stdout.write(f"  {persona.username:<8} / {password:<10}  {persona.description}")
