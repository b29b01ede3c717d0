from django.core.management.base import BaseCommand

from plans import demo as plans_demo
from plans.demo_plans import seed_plans


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (tỉnh Hà Tĩnh, các sở, người dùng mẫu). Chạy lại nhiều lần vẫn an toàn."

    def handle(self, *args, **options) -> None:
        agencies = plans_demo.seed_agencies()
        personas = plans_demo.seed_personas(agencies)
        plans = seed_plans(agencies)
        self.stdout.write(self.style.SUCCESS(f"Đã tạo {len(agencies)} cơ quan, đơn vị."))
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nạp {len(plans)} kế hoạch mẫu: "
                f"{sum(p.targets.count() for p in plans)} chỉ tiêu, "
                f"{sum(p.tasks.count() for p in plans)} nhiệm vụ."
            )
        )
        self.stdout.write("Tài khoản mẫu (chỉ dùng để thử):")
        for persona, password in personas:
            self.stdout.write(f"  {persona.username:<8} / {password:<10}  {persona.description}")
