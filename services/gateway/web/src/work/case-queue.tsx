// Step 5, the verifier: cases with the applicant's activation data (waiting) and those decided.
import { workClient } from "../api/client";
import { idOf } from "../common/format";
import { ListQueueRequest_View } from "../gen/ams/gateway/v1/work_service_pb";
import type { QueueItem } from "../gen/ams/gateway/v1/work_service_pb";
import { QueuePage } from "./queue-page";

export function casePath(item: QueueItem): string {
  return `/antrian/verifikasi/${encodeURIComponent(idOf(item.name))}`;
}

export default function CaseQueuePage() {
  return (
    <QueuePage
      queue="verifier"
      views={[
        { param: "menunggu", view: ListQueueRequest_View.WAITING, label: "queue.viewWaiting" },
        { param: "diputuskan", view: ListQueueRequest_View.DECIDED, label: "queue.viewDecided" },
      ]}
      list={(request) => workClient.listCases(request)}
      detailPath={casePath}
    />
  );
}
