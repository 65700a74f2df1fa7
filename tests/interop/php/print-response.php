<?php
// Appended by the test (php -d auto_append_file=…) so the seed sample itself stays as published:
// it leaves the answer in $response and prints nothing.
echo json_encode(["status" => curl_getinfo($ch, CURLINFO_HTTP_CODE), "body" => $response]);
