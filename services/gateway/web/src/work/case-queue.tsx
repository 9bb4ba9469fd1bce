// Step 5, the verifier: cases with the applicant's activation data (waiting) and those decided.
import { workClient } from "../api/client";
import { QueuePage, decisionViews } from "./queue-page";

export default function CaseQueuePage() {
  return (
    <QueuePage queue="verifier" views={decisionViews} list={(request) => workClient.listCases(request)} itemPages />
  );
}
