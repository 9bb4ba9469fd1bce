// Step 2, Diskominfo: the applications to review (waiting) and those decided.
import { workClient } from "../api/client";
import { idOf } from "../common/format";
import { ListQueueRequest_View } from "../gen/ams/gateway/v1/work_service_pb";
import type { QueueItem } from "../gen/ams/gateway/v1/work_service_pb";
import { QueuePage } from "./queue-page";

export function reviewItemPath(item: QueueItem): string {
  return `/antrian/diskominfo/${encodeURIComponent(idOf(item.name))}`;
}

export default function ReviewQueuePage() {
  return (
    <QueuePage
      queue="diskominfo"
      views={[
        { param: "menunggu", view: ListQueueRequest_View.WAITING, label: "queue.viewWaiting" },
        { param: "diputuskan", view: ListQueueRequest_View.DECIDED, label: "queue.viewDecided" },
      ]}
      list={(request) => workClient.listReviewItems(request)}
      detailPath={reviewItemPath}
    />
  );
}
