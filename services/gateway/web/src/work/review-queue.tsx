// Step 2, Diskominfo: the applications to review (waiting) and those decided.
import { workClient } from "../api/client";
import { QueuePage, decisionViews } from "./queue-page";

export default function ReviewQueuePage() {
  return (
    <QueuePage
      queue="diskominfo"
      views={decisionViews}
      list={(request) => workClient.listReviewItems(request)}
      itemPages
    />
  );
}
