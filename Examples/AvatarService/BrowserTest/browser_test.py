"""The avatar page in a real browser: headless Chromium driven by Selenium.

It starts the profile API stand-in and the avatar service (both on 127.0.0.1, free ports),
opens the page, chooses a real photo (a phone photo stored sideways, EXIF orientation 6),
moves and resizes the crop box, uploads, and checks that the stand-in received an `image`
and a `cropped_image` whose content is the box the test set: it makes the same crop itself
from the same rectangle with Pillow and compares. Then a damaged file must show the API's
message, and a file over the size limit the page's own. A screenshot of the page after the
upload is saved to the artifacts folder (not committed).

    python3 browser_test.py --service BIN --stand-in BIN --photos DIR --artifacts DIR
"""
import argparse
import io
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

from PIL import Image, ImageChops, ImageOps, ImageStat
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

API_MESSAGE = "Upload a valid image. The file you uploaded was either not an image or a corrupted image."


def start(command, env, pattern, log_path):
    """Starts `command` with its output going to `log_path` (read for the line that says
    where it listens; a pipe nobody reads would fill and stop the program)."""
    log = open(log_path, "w")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and process.poll() is None:
        with open(log_path) as written:
            match = re.search(pattern, written.read())
        if match:
            return process, match.group(1)
        time.sleep(0.1)
    process.kill()
    raise SystemExit(f"{command[0]} did not start; its output is in {log_path}")


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def mean_difference(a, b):
    """Mean absolute difference per channel, 0-255."""
    return sum(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean) / 3


def expected_crop(photo_path, rectangle, size):
    x, y, w, h = rectangle
    upright = ImageOps.exif_transpose(Image.open(photo_path)).convert("RGB")
    return upright.crop((x, y, x + w, y + h)).resize((size, size), Image.LANCZOS)


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1700",
                     "--disable-gpu", "--no-first-run", "--disable-extensions"]:
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")),
                            options=options)


def wait_for(driver, condition, what, timeout=30):
    try:
        return WebDriverWait(driver, timeout).until(lambda d: condition(d))
    except Exception:
        raise AssertionError(f"timed out waiting for {what}; status: {driver.find_element(By.ID, 'status').text!r}, "
                             f"error: {driver.find_element(By.ID, 'error').text!r}")


def crop_of(driver):
    text = driver.find_element(By.ID, "crop-box").get_attribute("data-crop")
    return tuple(int(v) for v in text.split(","))


def choose(driver, base, path):
    driver.get(base)
    driver.find_element(By.ID, "photo").send_keys(path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--service", required=True)
    parser.add_argument("--stand-in", required=True)
    parser.add_argument("--photos", required=True)
    parser.add_argument("--artifacts", required=True)
    arguments = parser.parse_args()
    os.makedirs(arguments.artifacts, exist_ok=True)
    photo = os.path.abspath(os.path.join(arguments.photos, "phone-portrait.jpg"))
    damaged = os.path.abspath(os.path.join(arguments.photos, "truncated-in-scan.jpg"))

    env = dict(os.environ)
    stand_in, api = start([arguments.stand_in, "--port", "0", "--daily-limit", "20"], env,
                          r"on (http://127\.0\.0\.1:\d+/api/v1)", os.path.join(arguments.artifacts, "stand-in.log"))
    env.update({"PROFILE_API_URL": api, "PROFILE_API_KEY": "test-api-key", "PROFILE_ACCESS_TOKEN": "test-access-token",
                "AVATAR_MAX_BODY_BYTES": "3000000", "PROFILE_DAILY_LIMIT": "20",
                "PROFILE_QUOTA_STORE": "sqlite:" + os.path.join(arguments.artifacts, f"quota-{os.getpid()}.sqlite")})
    service, base = start([arguments.service, "--port", "0"], env, r"on (http://127\.0\.0\.1:\d+/)",
                          os.path.join(arguments.artifacts, "avatar-service.log"))
    driver = browser()
    try:
        # 1. A real photo, framed by hand, uploaded.
        choose(driver, base, photo)
        wait_for(driver, lambda d: d.find_element(By.ID, "crop-box").get_attribute("data-crop"), "the crop box")
        wait_for(driver, lambda d: "Finding" not in d.find_element(By.ID, "status").text, "the suggested crop")
        preview = driver.find_element(By.ID, "preview")
        natural = driver.execute_script("return [arguments[0].naturalWidth, arguments[0].naturalHeight]", preview)
        assert natural == [1200, 1600], f"the page shows the photo upright (1200 x 1600), not {natural}"
        before = crop_of(driver)
        box = driver.find_element(By.ID, "crop-box")
        # Shrink it from its bottom-right corner, then move it: by mouse, as a person would.
        ActionChains(driver).click_and_hold(box.find_element(By.CSS_SELECTOR, '.handle[data-corner="se"]')) \
            .move_by_offset(-90, -90).release().perform()
        ActionChains(driver).click_and_hold(box).move_by_offset(35, -120).release().perform()
        chosen = crop_of(driver)
        assert chosen != before, f"dragging moved the box ({before} -> {chosen})"
        assert chosen[2] == chosen[3] and chosen[2] < before[2], f"the box shrank and stayed square: {chosen}"
        driver.find_element(By.ID, "upload").click()
        wait_for(driver, lambda d: d.find_element(By.ID, "result").is_displayed() or d.find_element(By.ID, "error").is_displayed(),
                 "the upload's answer", timeout=60)
        assert driver.find_element(By.ID, "result").is_displayed(), driver.find_element(By.ID, "error").text
        results = driver.find_elements(By.CSS_SELECTOR, "#result img")
        assert len(results) == 2, f"two result images, not {len(results)}"
        wait_for(driver, lambda d: all(d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", i)
                                       for i in results), "both results to load")
        caption = driver.find_element(By.ID, "image-caption").text
        cropped_caption = driver.find_element(By.ID, "cropped-caption").text
        assert "1200 × 1600" in caption and "KB" in caption, caption
        assert "512 × 512" in cropped_caption, cropped_caption
        quota = driver.find_element(By.ID, "quota").text
        assert quota == "19 of 20 profile photo changes left today.", quota
        driver.execute_script("arguments[0].scrollIntoView({block: 'end'})", driver.find_element(By.ID, "result"))
        driver.save_screenshot(os.path.join(arguments.artifacts, "after-upload.png"))

        root = api.rsplit("/api/v1", 1)[0]
        received_image = Image.open(io.BytesIO(fetch(root + "/_stand-in/uploads/last/image")))
        received_crop = Image.open(io.BytesIO(fetch(root + "/_stand-in/uploads/last/cropped_image")))
        assert received_image.size == (1200, 1600), f"image is upright: {received_image.size}"
        assert received_crop.size == (512, 512), received_crop.size
        ours = expected_crop(photo, chosen, 512)
        other = expected_crop(photo, before, 512)
        same, different = mean_difference(received_crop, ours), mean_difference(received_crop, other)
        print(f"crop {chosen}: mean difference {same:.2f} from the test's own crop, {different:.2f} from the box before the drag")
        assert same < 3.0, f"the received crop is the box the test set (mean difference {same:.2f})"
        assert different > 3 * same + 2, f"and not the box before the drag ({different:.2f} vs {same:.2f})"
        shown = Image.open(io.BytesIO(fetch(driver.find_element(By.ID, "result-cropped").get_attribute("src"))))
        assert mean_difference(shown, received_crop) == 0, "the page shows the file that was sent"

        # 2. A damaged photo: the API's own message.
        choose(driver, base, damaged)
        wait_for(driver, lambda d: d.find_element(By.ID, "upload").is_enabled(), "the upload button")
        driver.find_element(By.ID, "upload").click()
        error = wait_for(driver, lambda d: d.find_element(By.ID, "error").is_displayed() and d.find_element(By.ID, "error").text,
                         "the error message", timeout=60)
        assert error == API_MESSAGE, error
        assert not driver.find_element(By.ID, "result").is_displayed()

        # 3. A file over the limit: said at once, nothing sent.
        with tempfile.NamedTemporaryFile(suffix=".jpg", delete=False) as big:
            big.write(os.urandom(3_200_000))
        try:
            choose(driver, base, big.name)
            error = wait_for(driver, lambda d: d.find_element(By.ID, "error").is_displayed() and d.find_element(By.ID, "error").text,
                             "the size message")
            assert "the limit is 3.0 MB" in error and "3.2 MB" in error, error
            assert not driver.find_element(By.ID, "upload").is_enabled()
        finally:
            os.unlink(big.name)
        print("browser test passed: upload framed by hand, damaged photo, photo too large")
    except BaseException:
        driver.save_screenshot(os.path.join(arguments.artifacts, "failure.png"))
        print(f"browser test failed; screenshot and logs in {arguments.artifacts}", file=sys.stderr)
        raise
    finally:
        driver.quit()
        for process in (service, stand_in):
            process.kill()
            process.wait()


if __name__ == "__main__":
    sys.exit(main())
